package dev.keel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.keel.core.KeelMicrometer;
import dev.keel.core.ManualClock;
import dev.keel.core.RetryBudget;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retries: what is retried, how long it waits, and what the caller finally sees. */
class RetryTest extends WireMockSupport {

  private final RecordedDelays recorded = new RecordedDelays();
  private final ManualClock clock = new ManualClock();

  @AfterEach
  void closeRecorder() {
    recorded.close();
  }

  private KeelHttpClientBuilder retrying() {
    return recorded.apply(client()).clock(clock).maxAttempts(3);
  }

  private static HttpRequest.Builder charge(KeelHttpClient client) {
    return client.request("/charges").POST(BodyPublishers.ofString("{\"amount\":5}"));
  }

  private static List<LoggedRequest> posts() {
    return wireMock.findAll(postRequestedFor(urlEqualTo("/charges")));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_get_is_retried_after_503s_with_backoff_and_succeeds(Mode mode) throws Exception {
    sequence(
        () -> get("/pay"),
        aResponse().withStatus(503),
        aResponse().withStatus(502),
        aResponse().withStatus(200).withBody("paid"));
    try (KeelHttpClient client = retrying().build()) {
      var response = mode.send(client, client.request("/pay").build(), BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("paid");
      assertThat(received(getRequestedFor(urlEqualTo("/pay")))).isEqualTo(3);
      // base 100 ms ±25 %, then 200 ms ±25 %
      assertThat(recorded.delays()).hasSize(2);
      assertThat(recorded.delays().get(0)).isBetween(Duration.ofMillis(75), Duration.ofMillis(125));
      assertThat(recorded.delays().get(1))
          .isBetween(Duration.ofMillis(150), Duration.ofMillis(250));
      assertThat(
              meters
                  .get(KeelMicrometer.RETRY_RETRIES)
                  .tag("name", "payment-service")
                  .functionCounter()
                  .count())
          .isEqualTo(2.0);
      // every attempt went through the breaker: two failures, then the success
      assertThat(client.circuitBreaker().metrics().failures()).isEqualTo(2);
      assertThat(client.circuitBreaker().metrics().successes()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void retry_after_in_seconds_is_honoured(Mode mode) throws Exception {
    sequence(
        () -> get("/pay"),
        aResponse().withStatus(503).withHeader("Retry-After", "2"),
        aResponse().withStatus(200).withBody("paid"));
    try (KeelHttpClient client = retrying().build()) {
      var response = mode.send(client, client.request("/pay").build(), BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("paid");
      assertThat(recorded.delays()).hasSize(1);
      assertThat(recorded.delays().get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void retry_after_as_an_http_date_is_honoured_on_a_429(Mode mode) throws Exception {
    String inFiveSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.now().plusSeconds(5).atOffset(ZoneOffset.UTC));
    sequence(
        () -> get("/pay"),
        aResponse().withStatus(429).withHeader("Retry-After", inFiveSeconds),
        aResponse().withStatus(200));
    try (KeelHttpClient client = retrying().build()) {
      mode.send(client, client.request("/pay").build(), BodyHandlers.discarding());

      assertThat(recorded.delays()).containsExactly(Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_retry_after_longer_than_max_retry_after_ends_the_call_with_the_hint(Mode mode) {
    wireMock.stubFor(
        get("/pay").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
    try (KeelHttpClient client = retrying().build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOfSatisfying(
              DependencyServerErrorException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
              });
      assertThat(recorded.delays()).isEmpty();
      assertThat(received()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exhausted_retries_report_attempts_and_last_status(Mode mode) {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = retrying().build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOfSatisfying(
              DependencyServerErrorException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.lastStatus()).hasValue(503);
                assertThat(e.getMessage()).contains("after 3 attempts");
              });
      assertThat(received()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void timeouts_and_connection_resets_are_retried_and_survived(Mode mode) throws Exception {
    // A keyed POST: the JDK itself may silently resend an idempotent GET once after a reset,
    // which would blur the request count; it never resends a POST.
    sequence(
        () -> post("/charges"),
        aResponse().withStatus(201).withFixedDelay(4_000),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withStatus(201).withBody("charged"));
    try (KeelHttpClient client = retrying().requestTimeout(Duration.ofSeconds(1)).build()) {
      var response =
          mode.send(
              client,
              charge(client).header(KeelHttpClient.IDEMPOTENCY_KEY, "order-9").build(),
              BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("charged");
      assertThat(posts()).hasSize(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_timeout_after_a_503_reports_both(Mode mode) {
    sequence(
        () -> get("/pay"),
        aResponse().withStatus(503),
        aResponse().withStatus(200).withFixedDelay(4_000));
    try (KeelHttpClient client =
        retrying().maxAttempts(2).requestTimeout(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOfSatisfying(
              DependencyTimeoutException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(2);
                assertThat(e.lastStatus()).hasValue(503);
              });
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_501_is_not_retried(Mode mode) {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(501)));
    try (KeelHttpClient client = retrying().build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOf(DependencyServerErrorException.class);
      assertThat(received()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_put_is_retried_as_an_idempotent_method(Mode mode) throws Exception {
    sequence(() -> put("/charges/1"), aResponse().withStatus(503), aResponse().withStatus(204));
    try (KeelHttpClient client = retrying().build()) {
      var response =
          mode.send(
              client,
              client.request("/charges/1").PUT(BodyPublishers.ofString("{}")).build(),
              BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(received()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_post_without_an_idempotency_key_is_not_retried(Mode mode) {
    wireMock.stubFor(post("/charges").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = retrying().idempotencyKeys(false).build()) {
      assertThatThrownBy(() -> mode.send(client, charge(client).build(), BodyHandlers.discarding()))
          .isInstanceOfSatisfying(
              DependencyServerErrorException.class, e -> assertThat(e.attempts()).isEqualTo(1));
      assertThat(posts()).hasSize(1);
      assertThat(recorded.delays()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_post_with_the_callers_idempotency_key_is_retried_with_that_key(Mode mode)
      throws Exception {
    sequence(
        () -> post("/charges"),
        aResponse().withStatus(503),
        aResponse().withStatus(503),
        aResponse().withStatus(201));
    try (KeelHttpClient client = retrying().idempotencyKeys(false).build()) {
      var response =
          mode.send(
              client,
              charge(client).header(KeelHttpClient.IDEMPOTENCY_KEY, "order-17").build(),
              BodyHandlers.discarding());

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(posts()).hasSize(3);
      assertThat(posts())
          .extracting(r -> r.getHeader(KeelHttpClient.IDEMPOTENCY_KEY))
          .containsOnly("order-17");
      assertThat(posts()).extracting(LoggedRequest::getBodyAsString).containsOnly("{\"amount\":5}");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_post_gets_one_automatic_key_used_on_every_attempt(Mode mode) throws Exception {
    sequence(
        () -> post("/charges"),
        aResponse().withStatus(503),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withStatus(201));
    try (KeelHttpClient client = retrying().build()) {
      mode.send(client, charge(client).build(), BodyHandlers.discarding());

      assertThat(posts()).hasSize(3);
      List<String> keys =
          posts().stream().map(r -> r.getHeader(KeelHttpClient.IDEMPOTENCY_KEY)).toList();
      assertThat(keys).doesNotContainNull().containsOnly(keys.get(0));
      assertThat(UUID.fromString(keys.get(0))).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_shared_retry_budget_stops_retries_and_a_client_without_retries_does_not_charge_it(
      Mode mode) {
    // A budget of 4 tokens allows a retry while more than 2 remain; each failed attempt takes 1
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    RetryBudget budget = RetryBudget.of(4, 1.0);
    try (KeelHttpClient once = retrying().maxAttempts(1).retryBudget(budget).build()) {
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(
                () -> mode.send(once, once.request("/pay").build(), BodyHandlers.discarding()))
            .isInstanceOf(DependencyServerErrorException.class);
      }
    }
    try (KeelHttpClient client = retrying().maxAttempts(5).retryBudget(budget).build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOfSatisfying(
              DependencyServerErrorException.class, e -> assertThat(e.attempts()).isEqualTo(2));
      assertThat(
              meters
                  .get(KeelMicrometer.RETRY_BUDGET_EXHAUSTED)
                  .tag("name", "payment-service")
                  .functionCounter()
                  .count())
          .isEqualTo(1.0);
    }
    assertThat(received()).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void the_breaker_opening_mid_call_refuses_the_remaining_attempts(Mode mode) {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = retrying().maxAttempts(5).failureThreshold(2).build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.discarding()))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(2);
                assertThat(e.lastStatus()).hasValue(503);
              });
      assertThat(received()).isEqualTo(2);
    }
  }
}
