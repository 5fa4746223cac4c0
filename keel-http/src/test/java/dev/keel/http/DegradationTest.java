package dev.keel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.keel.core.Criticality;
import dev.keel.core.DependencyHealth;
import dev.keel.core.HealthStatus;
import dev.keel.core.ManualClock;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Optional dependencies degrade to fallbacks; critical ones fail. */
class DegradationTest extends WireMockSupport {

  private final ManualClock clock = new ManualClock();

  private KeelHttpClientBuilder optional() {
    return client()
        .criticality(Criticality.OPTIONAL)
        .clock(clock)
        .maxAttempts(1)
        .fallback(FallbackResponse.json(200, "{\"recommendations\":[]}"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_optional_dependency_that_is_down_yields_the_fallback_and_degraded_health(Mode mode)
      throws Exception {
    // Given an optional dependency that answers 503
    wireMock.stubFor(get("/recs").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = optional().build()) {
      assertThat(client.health().status()).isEqualTo(HealthStatus.UP);

      // When
      var response = mode.send(client, client.request("/recs").build(), BodyHandlers.ofString());

      // Then the caller gets the fallback, marked as such, and health says degraded
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"recommendations\":[]}");
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(response.headers().firstValue(KeelHttpClient.FALLBACK_HEADER)).contains("default");
      assertThat(KeelHttpClient.isFallback(response)).isTrue();
      DependencyHealth health = client.health();
      assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(health.criticality()).isEqualTo(Criticality.OPTIONAL);
      assertThat(health.lastFallbackAt()).contains(clock.now());
      assertThat(client.recentCalls().lastFailure())
          .hasValueSatisfying(m -> assertThat(m).contains("503"));
      assertThat(client.recentCalls().lastFailureAt()).contains(clock.now());
      assertThat(meters.get("http.client.fallbacks").tag("source", "default").counter().count())
          .isEqualTo(1.0);

      // And when it recovers, health stays degraded for fallbackRecency (1 min), then is up again
      wireMock.stubFor(get("/recs").willReturn(aResponse().withStatus(200).withBody("[1]")));
      var recovered = mode.send(client, client.request("/recs").build(), BodyHandlers.ofString());
      assertThat(recovered.body()).isEqualTo("[1]");
      assertThat(KeelHttpClient.isFallback(recovered)).isFalse();
      assertThat(client.recentCalls().lastSuccessAt()).contains(clock.now());
      clock.advance(Duration.ofSeconds(59));
      assertThat(client.health().status()).isEqualTo(HealthStatus.DEGRADED);
      clock.advance(Duration.ofSeconds(1));
      assertThat(client.health().status()).isEqualTo(HealthStatus.UP);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_connection_reset_of_an_optional_dependency_yields_the_fallback(Mode mode)
      throws Exception {
    wireMock.stubFor(
        get("/recs").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    try (KeelHttpClient client = optional().build()) {
      var response = mode.send(client, client.request("/recs").build(), BodyHandlers.ofString());
      assertThat(KeelHttpClient.isFallback(response)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void the_last_good_response_is_served_within_the_staleness_bound_then_the_default(Mode mode)
      throws Exception {
    // Given a good answer, cached
    wireMock.stubFor(get("/recs?user=1").willReturn(aResponse().withStatus(200).withBody("[7]")));
    try (KeelHttpClient client = optional().staleIfError(Duration.ofMinutes(5)).build()) {
      mode.send(client, client.request("/recs?user=1").build(), BodyHandlers.ofString());

      // When the dependency fails two minutes later
      wireMock.stubFor(get("/recs?user=1").willReturn(aResponse().withStatus(500)));
      clock.advance(Duration.ofMinutes(2));
      var stale =
          mode.send(client, client.request("/recs?user=1").build(), BodyHandlers.ofString());

      // Then the last good response is served, with its age
      assertThat(stale.body()).isEqualTo("[7]");
      assertThat(stale.headers().firstValue(KeelHttpClient.FALLBACK_HEADER)).contains("stale");
      assertThat(stale.headers().firstValue("Age")).contains("120");
      assertThat(client.health().status()).isEqualTo(HealthStatus.DEGRADED);

      // And another request (different query) has no cached answer: the default
      wireMock.stubFor(get("/recs?user=2").willReturn(aResponse().withStatus(500)));
      var other =
          mode.send(client, client.request("/recs?user=2").build(), BodyHandlers.ofString());
      assertThat(other.headers().firstValue(KeelHttpClient.FALLBACK_HEADER)).contains("default");

      // And beyond the bound the stale answer is no longer served
      clock.advance(Duration.ofMinutes(4));
      var expired =
          mode.send(client, client.request("/recs?user=1").build(), BodyHandlers.ofString());
      assertThat(expired.headers().firstValue(KeelHttpClient.FALLBACK_HEADER)).contains("default");
      assertThat(received(getRequestedFor(urlEqualTo("/recs?user=1")))).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void with_only_a_stale_cache_and_nothing_cached_the_failure_is_thrown(Mode mode) {
    wireMock.stubFor(get("/recs").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client =
        client()
            .criticality(Criticality.OPTIONAL)
            .maxAttempts(1)
            .staleIfError(Duration.ofMinutes(1))
            .build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/recs").build(), BodyHandlers.ofString()))
          .isInstanceOf(DependencyServerErrorException.class);
      // An optional dependency whose call failed is degraded, answered by a fallback or not
      assertThat(client.health().status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(meters.find("http.client.fallbacks").counters()).isEmpty();
    }
  }

  @Test
  void a_fallback_function_sees_the_request_and_the_failure() throws Exception {
    wireMock.stubFor(post("/score").willReturn(aResponse().withStatus(502)));
    try (KeelHttpClient client =
        optional()
            .fallback(
                (request, failure) ->
                    FallbackResponse.of(
                        200,
                        request.method()
                            + " "
                            + failure.lastStatus().orElse(0)
                            + " "
                            + failure.attempts()))
            .build()) {
      var response =
          client.send(
              client.request("/score").POST(BodyPublishers.ofString("{}")).build(),
              BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("POST 502 1");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_critical_dependency_that_is_down_throws(Mode mode) {
    wireMock.stubFor(get("/pay").willReturn(aResponse().withStatus(503)));
    try (KeelHttpClient client = client().maxAttempts(1).build()) {
      assertThatThrownBy(
              () -> mode.send(client, client.request("/pay").build(), BodyHandlers.ofString()))
          .isInstanceOf(DependencyServerErrorException.class);
      // One failed call does not make a critical dependency down: only an open breaker does.
      assertThat(client.health().status()).isEqualTo(HealthStatus.UP);
      assertThat(client.recentCalls().lastFailure()).isPresent();
    }
  }
}
