package dev.keel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.Criticality;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builder defaults and validation: bad settings fail at build time naming the setting. */
class ConfigTest {

  private static KeelHttpClientBuilder builder() {
    return KeelHttpClient.builder("payment-service").baseUrl("http://localhost:1");
  }

  @Test
  void defaults_are_the_documented_ones() {
    HttpDependencyConfig config = builder().buildConfig();
    assertThat(config.criticality()).isEqualTo(Criticality.CRITICAL);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxAttempts()).isEqualTo(3);
    assertThat(config.backoff().base()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.backoff().max()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.backoff().jitterFactor()).isEqualTo(0.25);
    assertThat(config.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.idempotencyKeys()).isTrue();
    assertThat(config.failureThreshold()).isEqualTo(5);
    assertThat(config.cooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxConcurrentCalls()).isEqualTo(128);
    assertThat(config.maxWaitForPermit()).isZero();
    assertThat(config.rateLimitPerSecond()).isZero();
    assertThat(config.staleIfError()).isZero();
    assertThat(config.staleEntries()).isEqualTo(1000);
    assertThat(config.fallback()).isEmpty();
    assertThat(config.fallbackRecency()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void the_base_url_comes_from_the_environment_by_name() {
    HttpDependencyConfig config =
        KeelHttpClient.builder("payment-service")
            .environment(Map.of("PAYMENT_SERVICE_URL", "http://mock:9000")::get)
            .buildConfig();
    assertThat(config.baseUrl()).hasToString("http://mock:9000");
  }

  @Test
  void a_missing_base_url_names_the_variable() {
    assertThatThrownBy(
            () -> KeelHttpClient.builder("payment-service").environment(k -> null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PAYMENT_SERVICE_URL");
  }

  @Test
  void bad_values_name_the_setting_and_the_value() {
    assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO).build())
        .hasMessageContaining("requestTimeout")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> builder().connectTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> builder().requestTimeout(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout must be positive, was null");
    assertThatThrownBy(() -> builder().maxAttempts(0).build())
        .hasMessageContaining("maxAttempts must be at least 1, was 0");
    assertThatThrownBy(() -> builder().failureThreshold(0).build())
        .hasMessageContaining("failureThreshold");
    assertThatThrownBy(() -> builder().maxConcurrentCalls(0).build())
        .hasMessageContaining("maxConcurrentCalls");
    assertThatThrownBy(() -> builder().rateLimitPerSecond(-1).build())
        .hasMessageContaining("rateLimitPerSecond");
    assertThatThrownBy(() -> builder().staleIfError(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("staleIfError");
    assertThatThrownBy(() -> builder().fallbackRecency(Duration.ZERO).build())
        .hasMessageContaining("fallbackRecency must be positive, was PT0S");
    assertThatThrownBy(() -> builder().baseUrl("localhost:8080").build())
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> KeelHttpClient.builder("bad name")).hasMessageContaining("'bad name'");
  }

  @Test
  void an_optional_dependency_needs_a_fallback() {
    assertThatThrownBy(() -> builder().criticality(Criticality.OPTIONAL).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPTIONAL")
        .hasMessageContaining("fallback");
    assertThat(
            builder()
                .criticality(Criticality.OPTIONAL)
                .staleIfError(Duration.ofMinutes(5))
                .buildConfig()
                .staleIfError())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void a_fallback_response_validates_its_status_and_copies_its_body() {
    assertThatThrownBy(() -> FallbackResponse.of(42, "x")).hasMessageContaining("status");
    byte[] body = {1, 2};
    FallbackResponse response =
        new FallbackResponse(200, java.net.http.HttpHeaders.of(Map.of(), (k, v) -> true), body);
    body[0] = 9;
    assertThat(response.body()).containsExactly(1, 2);
    assertThat(FallbackResponse.json(200, "{}").headers().firstValue("content-type"))
        .contains("application/json");
  }
}
