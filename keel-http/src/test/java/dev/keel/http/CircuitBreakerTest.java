package dev.keel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.Criticality;
import dev.keel.core.Dependencies;
import dev.keel.core.DependencyHealth;
import dev.keel.core.HealthReport;
import dev.keel.core.HealthStatus;
import dev.keel.core.KeelMicrometer;
import dev.keel.core.ManualClock;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The breaker opens after five consecutive failed attempts, then fails fast without touching the
 * network, then lets exactly one probe through after its cooldown. Retries are off (one attempt per
 * call) so that calls and attempts are the same thing here.
 */
class CircuitBreakerTest extends WireMockSupport {

  private final ManualClock clock = new ManualClock();

  private KeelHttpClientBuilder breakerClient() {
    return client().clock(clock).maxAttempts(1);
  }

  private static void fiveFailures(Mode mode, KeelHttpClient client) {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.ofString()))
          .isInstanceOf(DependencyServerErrorException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void five_503s_open_the_breaker_and_the_sixth_call_fails_fast_without_a_request(Mode mode) {
    // Given a dependency answering 503
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (LogCapture breakerLog = new LogCapture("dev.keel.core.CircuitBreaker");
        KeelHttpClient client = breakerClient().build()) {
      // When five calls fail
      fiveFailures(mode, client);
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(5);
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
      // The opening is logged once, at WARN, naming the dependency
      assertThat(breakerLog.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(e.getFormattedMessage())
                    .isEqualTo("circuit breaker 'payment-service' changed state CLOSED -> OPEN");
              });

      // Then the sixth fails fast, with a clear error, and sends nothing
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(DependencyUnavailableException.Reason.CIRCUIT_OPEN);
                assertThat(e.dependency()).isEqualTo("payment-service");
                assertThat(e.attempts()).isZero();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                assertThat(e.getMessage())
                    .contains("payment-service is temporarily unavailable", "retry after 30 s");
              });
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(5);

      // And health and metrics say so
      DependencyHealth health = client.health();
      assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(health.breakerState()).contains(CircuitBreaker.State.OPEN);
      assertThat(health.reason()).contains("payment-service", "OPEN");
      assertThat(
              meters
                  .get(KeelMicrometer.BREAKER_STATE)
                  .tags("name", "payment-service", "state", "open")
                  .gauge()
                  .value())
          .isEqualTo(1.0);
      assertThat(
              meters
                  .get(KeelMicrometer.BREAKER_STATE)
                  .tags("name", "payment-service", "state", "closed")
                  .gauge()
                  .value())
          .isZero();
      assertThat(
              meters
                  .get(KeelMicrometer.BREAKER_CALLS)
                  .tags("name", "payment-service", "outcome", "rejected")
                  .functionCounter()
                  .count())
          .isEqualTo(1.0);
      assertThat(
              meters
                  .get(KeelMicrometer.BREAKER_CALLS)
                  .tags("name", "payment-service", "outcome", "failure")
                  .functionCounter()
                  .count())
          .isEqualTo(5.0);

      // And the service's health, with the client registered as a keel-core dependency, is down
      Dependencies dependencies = new Dependencies();
      dependencies.register(client.dependency());
      HealthReport report = dependencies.health();
      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.isReady()).isFalse();
      assertThat(report.dependency("payment-service"))
          .hasValueSatisfying(d -> assertThat(d.criticality()).isEqualTo(Criticality.CRITICAL));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void after_the_cooldown_one_probe_goes_through_and_its_success_closes_the_breaker(Mode mode)
      throws Exception {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = breakerClient().build()) {
      fiveFailures(mode, client);

      // Still open a moment before the cooldown ends
      clock.advance(Duration.ofSeconds(29));
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.ofString()))
          .isInstanceOf(DependencyUnavailableException.class);
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(5);

      // When the cooldown has passed, the breaker is half-open: a critical dependency is degraded,
      // not down, so that readiness lets through the traffic the probe needs (keel-core's rule)
      clock.advance(Duration.ofSeconds(1));
      assertThat(client.health().status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(client.health().breakerState()).contains(CircuitBreaker.State.HALF_OPEN);

      // And when the dependency recovered
      wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(200).withBody("paid")));
      HttpResponse<String> probe =
          mode.send(client, client.request("/pay").build(), BodyHandlers.ofString());

      // Then the probe went through and the breaker is closed again
      assertThat(probe.body()).isEqualTo("paid");
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(6);
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(client.health().status()).isEqualTo(HealthStatus.UP);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failed_probe_opens_the_breaker_again(Mode mode) {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = breakerClient().build()) {
      fiveFailures(mode, client);
      clock.advance(Duration.ofSeconds(30));

      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.ofString()))
          .isInstanceOf(DependencyServerErrorException.class);
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.ofString()))
          .isInstanceOf(DependencyUnavailableException.class);
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(6);
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
  }

  @Test
  void while_the_probe_is_in_flight_other_calls_are_refused_without_a_request() throws Exception {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = breakerClient().build()) {
      fiveFailures(Mode.BLOCKING, client);
      clock.advance(Duration.ofSeconds(30));
      wireMock.stubFor(
          get("/pay").willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(2_000)));

      // The probe is slow; it is in flight once the mock has seen it.
      CompletableFuture<HttpResponse<String>> probe =
          client.sendAsync(client.request("/pay").build(), BodyHandlers.ofString());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> received(getRequestedFor(urlEqualTo("/pay"))) == 6);

      assertThatThrownBy(() -> client.send(client.request("/pay").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> assertThat(e.getMessage()).contains("half_open"));
      assertThat(probe.get().body()).isEqualTo("ok");
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(6);
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void client_errors_do_not_count_against_the_dependency(Mode mode) throws Exception {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(404)));
    try (KeelHttpClient client = breakerClient().build()) {
      for (int i = 0; i < 10; i++) {
        assertThat(
                mode.send(client, client.request("/pay").build(), BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(404);
      }
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(10);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void timeouts_and_resets_count_as_failures(Mode mode) {
    wireMock.stubFor(
        get("/pay")
            .willReturn(
                aResponse()
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    wireMock.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
    try (KeelHttpClient client =
        breakerClient().requestTimeout(Duration.ofMillis(150)).failureThreshold(4).build()) {
      for (String path : new String[] {"/pay", "/slow", "/pay", "/slow"}) {
        assertThatThrownBy(
                () -> mode.send(client, client.request(path).build(), BodyHandlers.ofString()))
            .isInstanceOfAny(DependencyConnectException.class, DependencyTimeoutException.class);
      }
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_optional_dependency_with_an_open_breaker_serves_the_fallback_without_a_request(Mode mode)
      throws Exception {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client =
        breakerClient()
            .criticality(Criticality.OPTIONAL)
            .fallback(FallbackResponse.of(200, "later"))
            .build()) {
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> response =
            mode.send(client, client.request("/pay").build(), BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("later");
      }
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(5);
      assertThat(client.health().status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(client.health().breakerState()).contains(CircuitBreaker.State.OPEN);
    }
  }
}
