package dev.keel.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A real local WireMock server per test class, reset before each test. */
abstract class WireMockSupport {

  static WireMockServer wireMock;

  /** Meters of the current test; a fresh registry per test. */
  SimpleMeterRegistry meters;

  @BeforeAll
  static void startWireMock() {
    wireMock = new WireMockServer(options().dynamicPort().containerThreads(40));
    wireMock.start();
  }

  @AfterAll
  static void stopWireMock() {
    wireMock.stop();
  }

  @BeforeEach
  void resetWireMock() {
    wireMock.resetAll();
    meters = new SimpleMeterRegistry();
  }

  /** A builder for dependency {@code payment-service} pointing at the mock. */
  KeelHttpClientBuilder client() {
    return KeelHttpClient.builder("payment-service")
        .baseUrl(wireMock.baseUrl())
        .meterRegistry(meters);
  }

  /** How many requests the mock received that match {@code pattern}. */
  static int received(RequestPatternBuilder pattern) {
    return wireMock.countRequestsMatching(pattern.build()).getCount();
  }

  /** How many requests the mock received at all. */
  static int received() {
    return received(WireMock.anyRequestedFor(WireMock.anyUrl()));
  }
}
