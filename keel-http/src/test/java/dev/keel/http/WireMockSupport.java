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

  /**
   * Answers requests to {@code path} with {@code responses} in turn, the last one for good (a
   * WireMock scenario).
   */
  static void sequence(
      java.util.function.Supplier<com.github.tomakehurst.wiremock.client.MappingBuilder> request,
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
    String scenario = "sequence-" + java.util.UUID.randomUUID();
    for (int i = 0; i < responses.length; i++) {
      String state = i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "s" + i;
      var mapping =
          request.get().inScenario(scenario).whenScenarioStateIs(state).willReturn(responses[i]);
      if (i < responses.length - 1) {
        mapping = mapping.willSetStateTo("s" + (i + 1));
      }
      wireMock.stubFor(mapping);
    }
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
