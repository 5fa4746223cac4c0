package dev.keel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import java.net.ServerSocket;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each kind of downstream behaviour maps to its own outcome, in both the blocking and the async
 * API. Retries are off here (maxAttempts 1) so each test sees exactly one request.
 */
class FailureKindsTest extends WireMockSupport {

  private KeelHttpClientBuilder single() {
    return client().maxAttempts(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_2xx_answer_reaches_the_caller_through_its_body_handler(Mode mode) throws Exception {
    // Given
    wireMock.stubFor(
        get(urlEqualTo("/api/charges/42?expand=customer"))
            .willReturn(
                aResponse().withStatus(200).withHeader("X-Id", "42").withBody("{\"id\":42}")));
    try (KeelHttpClient client =
        KeelHttpClient.builder("payment-service")
            .baseUrl(wireMock.baseUrl() + "/api/")
            .meterRegistry(meters)
            .build()) {
      // When
      var response =
          mode.send(
              client,
              client.request("/charges/42?expand=customer").GET().build(),
              BodyHandlers.ofString());
      // Then
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"id\":42}");
      assertThat(response.headers().firstValue("X-Id")).contains("42");
      assertThat(response.uri().toString()).endsWith("/api/charges/42?expand=customer");
      assertThat(KeelHttpClient.isFallback(response)).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_4xx_answer_is_returned_not_thrown_and_not_retried(Mode mode) throws Exception {
    wireMock.stubFor(get("/charges/404").willReturn(aResponse().withStatus(404).withBody("nope")));
    try (KeelHttpClient client = client().build()) {
      var response =
          mode.send(client, client.request("/charges/404").build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).isEqualTo("nope");
      assertThat(received(getRequestedFor(urlEqualTo("/charges/404")))).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_slow_response_trips_the_timeout(Mode mode) {
    wireMock.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    try (KeelHttpClient client = single().requestTimeout(Duration.ofMillis(200)).build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/slow").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyTimeoutException.class,
              e -> {
                assertThat(e.dependency()).isEqualTo("payment-service");
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.lastStatus()).isEmpty();
                assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200));
                assertThat(e.getMessage())
                    .contains("payment-service", "GET", "/slow", "within PT0.2S", "requestTimeout");
              });
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_body_that_dribbles_in_slower_than_the_timeout_trips_it(Mode mode) throws Exception {
    // The head comes with the first chunk, after 100 ms; the whole body takes 10 s.
    wireMock.stubFor(
        get("/dribble")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("x".repeat(100))
                    .withChunkedDribbleDelay(100, 10_000)));
    wireMock.stubFor(get("/after").willReturn(aResponse().withStatus(200).withBody("fine")));
    try (KeelHttpClient client = single().requestTimeout(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/dribble").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(DependencyTimeoutException.Kind.RESPONSE);
                // Cut short by the body's deadline, not by the JDK's timeout of the head.
                assertThat(e.getCause()).hasMessage("response body timed out");
              });
      // The blocking form is stopped by interrupting its thread: that interrupt was the client's
      // own, and the caller's thread is not left interrupted.
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      assertThat(
              meters
                  .get("http.client.requests")
                  .tag("status", "timeout")
                  .tag("method", "GET")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      // The abandoned exchange does not spoil the client.
      assertThat(
              mode.send(client, client.request("/after").build(), BodyHandlers.ofString()).body())
          .isEqualTo("fine");
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_connection_reset_is_a_connect_failure_and_the_client_survives_it(Mode mode)
      throws Exception {
    wireMock.stubFor(
        get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    wireMock.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("fine")));
    try (KeelHttpClient client = single().build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/reset").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyConnectException.class,
              e -> {
                assertThat(e.dependency()).isEqualTo("payment-service");
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
              });

      var next = mode.send(client, client.request("/ok").build(), BodyHandlers.ofString());
      assertThat(next.body()).isEqualTo("fine");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_response_cut_off_midway_is_a_connect_failure(Mode mode) {
    wireMock.stubFor(
        get("/garbage").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
    try (KeelHttpClient client = single().build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/garbage").build(), BodyHandlers.ofString()))
          .isInstanceOf(DependencyConnectException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_hung_server_is_survived_by_timing_out_and_the_next_call_works(Mode mode) throws Exception {
    // A server that accepts the connection and never answers within the timeout.
    wireMock.stubFor(get("/hang").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    wireMock.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("fine")));
    try (KeelHttpClient client = single().build()) {
      // Only the hanging calls get a short timeout, so the last call has the default 10 s even on
      // a loaded machine.
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(
                () ->
                    mode.send(
                        client,
                        client.request("/hang").timeout(Duration.ofMillis(300)).build(),
                        BodyHandlers.ofString()))
            .isInstanceOf(DependencyTimeoutException.class);
      }
      var next = mode.send(client, client.request("/ok").build(), BodyHandlers.ofString());
      assertThat(next.body()).isEqualTo("fine");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_refused_connection_is_a_connect_failure_naming_the_dependency(Mode mode) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (KeelHttpClient client =
        KeelHttpClient.builder("ledger")
            .baseUrl("http://127.0.0.1:" + closedPort)
            .maxAttempts(1)
            .meterRegistry(meters)
            .build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/x").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyConnectException.class,
              e -> {
                assertThat(e.dependency()).isEqualTo("ledger");
                assertThat(e.getMessage()).contains("ledger", "base URL");
              });
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_5xx_answer_is_a_server_error_carrying_status_and_retry_after(Mode mode) {
    wireMock.stubFor(
        get("/down")
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7").withBody("x")));
    try (KeelHttpClient client = single().build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/down").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyServerErrorException.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.lastStatus()).hasValue(503);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                assertThat(e.getMessage()).contains("payment-service", "answered 503");
              });
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_429_answer_is_rate_limited(Mode mode) {
    wireMock.stubFor(
        get(urlPathEqualTo("/busy"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
    try (KeelHttpClient client = single().build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/busy").build(), BodyHandlers.ofString()))
          .isInstanceOfSatisfying(
              DependencyRateLimitedException.class,
              e -> {
                assertThat(e.lastStatus()).hasValue(429);
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
              });
    }
  }

  @Test
  void interrupting_a_blocked_caller_ends_the_call_with_interrupted_exception() throws Exception {
    wireMock.stubFor(get("/hang").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    try (KeelHttpClient client = single().build()) {
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread caller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      client.send(client.request("/hang").build(), BodyHandlers.ofString());
                      outcome.set(new AssertionError("returned"));
                    } catch (Throwable t) {
                      outcome.set(t);
                    }
                  });
      await().atMost(Duration.ofSeconds(30)).until(() -> received() == 1);

      caller.interrupt();
      caller.join(Duration.ofSeconds(30));

      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }
  }

  @Test
  void interrupting_a_caller_while_the_body_arrives_is_an_interruption_not_a_timeout()
      throws Exception {
    wireMock.stubFor(
        get("/dribble")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("x".repeat(100))
                    .withChunkedDribbleDelay(100, 10_000)));
    try (KeelHttpClient client = single().requestTimeout(Duration.ofSeconds(20)).build()) {
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
      Thread caller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      client.send(client.request("/dribble").build(), BodyHandlers.ofString());
                      outcome.set(new AssertionError("returned"));
                    } catch (Throwable t) {
                      outcome.set(t);
                    }
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                  });
      await().atMost(Duration.ofSeconds(30)).until(() -> received() == 1);

      caller.interrupt();
      caller.join(Duration.ofSeconds(30));

      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
      // Thrown, so the interrupt status is cleared as InterruptedException's contract says.
      assertThat(stillInterrupted.get()).isFalse();
    }
  }
}
