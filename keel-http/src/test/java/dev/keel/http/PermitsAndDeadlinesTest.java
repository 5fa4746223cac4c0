package dev.keel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.core.Backoff;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.Deadline;
import dev.keel.core.Jitter;
import dev.keel.core.KeelMicrometer;
import dev.keel.core.ManualClock;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bulkhead, the rate limiter and the caller's deadline refuse or bound calls. */
class PermitsAndDeadlinesTest extends WireMockSupport {

  private final ManualClock clock = new ManualClock();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_full_bulkhead_refuses_at_once_without_a_request(Mode mode) throws Exception {
    wireMock.stubFor(
        get("/slow")
            .willReturn(aResponse().withStatus(200).withBody("done").withFixedDelay(2_000)));
    wireMock.stubFor(get("/fast").willReturn(aResponse().withStatus(200)));
    try (KeelHttpClient client = client().maxConcurrentCalls(1).build()) {
      // Given one call in flight
      CompletableFuture<HttpResponse<String>> inFlight =
          client.sendAsync(client.request("/slow").build(), BodyHandlers.ofString());
      await().atMost(Duration.ofSeconds(30)).until(() -> received() == 1);

      // When another call comes
      assertThatThrownBy(
              () -> mode.send(client, client.request("/fast").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(DependencyUnavailableException.Reason.BULKHEAD_FULL);
                assertThat(e.attempts()).isZero();
                assertThat(e.getMessage()).contains("maxConcurrentCalls");
              });

      // Then nothing was sent for it, the first call completes, and the breaker is untouched
      assertThat(received()).isEqualTo(1);
      assertThat(inFlight.get().body()).isEqualTo("done");
      assertThat(client.circuitBreaker().metrics().successes()).isEqualTo(1);
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(client.circuitBreaker().metrics().ignored()).isEqualTo(1);
      assertThat(
              meters
                  .get(KeelMicrometer.BULKHEAD_CALLS)
                  .tags("name", "payment-service", "outcome", "rejected")
                  .functionCounter()
                  .count())
          .isEqualTo(1.0);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void the_rate_limit_refuses_beyond_its_burst_until_tokens_refill(Mode mode) throws Exception {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(200)));
    try (KeelHttpClient client = client().clock(clock).rateLimitPerSecond(2).build()) {
      mode.send(client, client.request("/pay").build(), BodyHandlers.discarding());
      mode.send(client, client.request("/pay").build(), BodyHandlers.discarding());

      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(DependencyUnavailableException.Reason.RATE_LIMITED);
                assertThat(e.retryAfter()).contains(Duration.ofMillis(500));
              });
      assertThat(received()).isEqualTo(2);
      assertThat(
              meters
                  .get(KeelMicrometer.RATE_LIMITER_CALLS)
                  .tags("name", "payment-service", "outcome", "rejected")
                  .functionCounter()
                  .count())
          .isEqualTo(1.0);
      assertThat(client.circuitBreaker().metrics().successes()).isEqualTo(2);
      assertThat(client.circuitBreaker().metrics().ignored()).isEqualTo(1);

      clock.advance(Duration.ofMillis(500));
      assertThat(
              mode.send(client, client.request("/pay").build(), BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);
      assertThat(received()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_open_breaker_refuses_before_a_rate_limit_token_is_taken(Mode mode) {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client =
        client().clock(clock).maxAttempts(1).failureThreshold(1).rateLimitPerSecond(2).build()) {
      // Given a breaker opened by one failure, which took one of the two tokens
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOf(DependencyServerErrorException.class);

      // When three more calls come, the breaker refuses them all
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(
                () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
            .isInstanceOfSatisfying(
                DependencyUnavailableException.class,
                e ->
                    assertThat(e.reason())
                        .isEqualTo(DependencyUnavailableException.Reason.CIRCUIT_OPEN));
      }

      // Then none of them took a token: the bucket still has the second one
      assertThat(received()).isEqualTo(1);
      assertThat(
              meters
                  .get(KeelMicrometer.RATE_LIMITER_CALLS)
                  .tags("name", "payment-service", "outcome", "acquired")
                  .functionCounter()
                  .count())
          .isEqualTo(1.0);
      assertThat(
              meters
                  .get(KeelMicrometer.RATE_LIMITER_AVAILABLE)
                  .tag("name", "payment-service")
                  .gauge()
                  .value())
          .isEqualTo(1.0);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_spent_deadline_does_not_use_up_the_half_open_probe(Mode mode) throws Exception {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = client().clock(clock).maxAttempts(1).failureThreshold(1).build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOf(DependencyServerErrorException.class);
      clock.advance(Duration.ofSeconds(30));
      wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(200)));

      // When the first call after the cooldown arrives with its deadline already spent
      Deadline spent = Deadline.after(Duration.ZERO, clock);
      assertThatThrownBy(
              () ->
                  spent.call(
                      () ->
                          mode.send(
                              client, client.request("/pay").build(), BodyHandlers.discarding())))
          .isInstanceOfSatisfying(
              DependencyTimeoutException.class,
              e -> assertThat(e.kind()).isEqualTo(DependencyTimeoutException.Kind.DEADLINE));

      // Then the breaker ignored it: still half-open, and the next call is the probe that closes it
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
      assertThat(
              mode.send(client, client.request("/pay").build(), BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(received()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void the_callers_deadline_bounds_the_attempt_timeout(Mode mode) throws Exception {
    wireMock.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
    try (KeelHttpClient client =
        client().maxAttempts(1).requestTimeout(Duration.ofSeconds(10)).build()) {
      assertThatThrownBy(
              () ->
                  Deadline.after(Duration.ofSeconds(1))
                      .call(
                          () ->
                              mode.send(
                                  client,
                                  client.request("/slow").build(),
                                  BodyHandlers.ofString())))
          .isInstanceOfSatisfying(
              DependencyTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(DependencyTimeoutException.Kind.RESPONSE);
                assertThat(e.timeout()).isLessThanOrEqualTo(Duration.ofSeconds(1));
                assertThat(e.attempts()).isEqualTo(1);
              });
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_spent_deadline_sends_nothing_and_is_not_held_against_the_dependency(Mode mode)
      throws Exception {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(200)));
    try (KeelHttpClient client = client().clock(clock).failureThreshold(1).build()) {
      Deadline spent = Deadline.after(Duration.ZERO, clock);
      assertThatThrownBy(
              () ->
                  spent.call(
                      () ->
                          mode.send(
                              client, client.request("/pay").build(), BodyHandlers.ofString())))
          .isInstanceOfSatisfying(
              DependencyTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(DependencyTimeoutException.Kind.DEADLINE);
                assertThat(e.attempts()).isZero();
                assertThat(e.getMessage()).contains("deadline");
              });
      assertThat(received()).isZero();
      assertThat(client.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void retries_stop_once_the_deadline_is_spent(Mode mode) {
    // Given backoff delays of 3 s then 6 s (not waited: the clock is moved) and a 5 s deadline
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (RecordedDelays recorded = new RecordedDelays(clock);
        KeelHttpClient client =
            recorded
                .apply(client())
                .clock(clock)
                .maxAttempts(5)
                .backoff(
                    Backoff.of(Duration.ofSeconds(3), Duration.ofSeconds(60))
                        .withJitter(Jitter.NONE))
                .build()) {
      Deadline deadline = Deadline.after(Duration.ofSeconds(5), clock);

      // When: attempt 1 at 0 s, attempt 2 at 3 s, and at 9 s the deadline is spent
      assertThatThrownBy(
              () ->
                  deadline.call(
                      () ->
                          mode.send(
                              client, client.request("/pay").build(), BodyHandlers.ofString())))
          .isInstanceOfSatisfying(
              DependencyTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(DependencyTimeoutException.Kind.DEADLINE);
                assertThat(e.attempts()).isEqualTo(2);
                assertThat(e.lastStatus()).hasValue(503);
              });
      assertThat(received()).isEqualTo(2);
      assertThat(recorded.delays()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(6));
    }
  }
}
