package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsMatchTheDesignTable() {
    ServerConfig c = ServerConfig.fromEnvironment(Map.of()).build();
    assertThat(c.databaseUrl()).isEqualTo("jdbc:sqlite:./keel-data/keel.db");
    assertThat(c.redisUrl()).isEmpty();
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.apiToken()).isEmpty();
    assertThat(c.authEnabled()).isTrue();
    assertThat(c.idempotencyTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxRequestBytes()).isEqualTo(1024 * 1024);
    assertThat(c.maxInFlight()).isEqualTo(256);
    assertThat(c.embedded()).isTrue();
  }

  @Test
  void readsEveryVariable() {
    ServerConfig c =
        ServerConfig.fromEnvironment(
                Map.ofEntries(
                    Map.entry("KEEL_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                    Map.entry("KEEL_REDIS_URL", "redis://127.0.0.1:6379"),
                    Map.entry("KEEL_HTTP_PORT", "9090"),
                    Map.entry("KEEL_HTTP_HOST", "127.0.0.1"),
                    Map.entry("KEEL_API_TOKEN", "0123456789abcdefXYZ"),
                    Map.entry("KEEL_AUTH", "off"),
                    Map.entry("KEEL_IDEMPOTENCY_TTL", "PT1H"),
                    Map.entry("KEEL_VISIBILITY_TIMEOUT", "PT10S"),
                    Map.entry("KEEL_MAX_REQUEST_BYTES", "2048"),
                    Map.entry("KEEL_MAX_IN_FLIGHT", "7"),
                    Map.entry("KEEL_MAX_LEASE_WAIT", "PT5S"),
                    Map.entry("KEEL_SHUTDOWN_GRACE", "PT2S"),
                    Map.entry("KEEL_DLQ_ALERT_THRESHOLD", "3"),
                    Map.entry("KEEL_ENQUEUE_LIMITS", "default=200:400, batch=0.5")))
            .build();
    assertThat(c.embedded()).isFalse();
    assertThat(c.redisUrl()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(6379));
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.httpHost()).isEqualTo("127.0.0.1");
    assertThat(c.apiToken()).contains("0123456789abcdefXYZ");
    assertThat(c.authEnabled()).isFalse();
    assertThat(c.idempotencyTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(c.visibilityTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.maxRequestBytes()).isEqualTo(2048);
    assertThat(c.maxInFlight()).isEqualTo(7);
    assertThat(c.maxLeaseWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.dlqAlertThreshold()).isEqualTo(3);
    assertThat(c.enqueueLimits())
        .containsEntry("default", new ServerConfig.EnqueueLimit(200, 400))
        .containsEntry("batch", new ServerConfig.EnqueueLimit(0.5, 1));
  }

  @Test
  void flagsOverrideTheEnvironment() {
    ServerConfig c =
        ServerConfig.fromEnvironment(Map.of("KEEL_HTTP_PORT", "9090")).httpPort(9191).build();
    assertThat(c.httpPort()).isEqualTo(9191);
  }

  @Test
  void badValuesNameTheVariableAndTheValue() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("KEEL_HTTP_PORT", "eighty")))
        .hasMessageContaining("KEEL_HTTP_PORT")
        .hasMessageContaining("'eighty'");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_HTTP_PORT", "70000")).build())
        .hasMessageContaining("KEEL_HTTP_PORT")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("KEEL_VISIBILITY_TIMEOUT", "30s")))
        .hasMessageContaining("KEEL_VISIBILITY_TIMEOUT")
        .hasMessageContaining("PT30S");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_IDEMPOTENCY_TTL", "PT0S")).build())
        .hasMessageContaining("KEEL_IDEMPOTENCY_TTL");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_DATABASE_URL", "mysql://x")).build())
        .hasMessageContaining("KEEL_DATABASE_URL");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_REDIS_URL", "http://x")).build())
        .hasMessageContaining("KEEL_REDIS_URL");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_ENQUEUE_LIMITS", "default=fast")))
        .hasMessageContaining("KEEL_ENQUEUE_LIMITS")
        .hasMessageContaining("default=fast");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_ENQUEUE_LIMITS", "default=-1")))
        .hasMessageContaining("KEEL_ENQUEUE_LIMITS");
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("KEEL_AUTH", "maybe")))
        .hasMessageContaining("KEEL_AUTH");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_MAX_IN_FLIGHT", "0")).build())
        .hasMessageContaining("KEEL_MAX_IN_FLIGHT");
  }

  @Test
  void aShortTokenIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("KEEL_API_TOKEN", "s3cr3t")).build())
        .hasMessageContaining("KEEL_API_TOKEN")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void toStringHidesTheTokenAndDatabasePasswords() {
    ServerConfig c =
        ServerConfig.fromEnvironment(
                Map.of(
                    "KEEL_API_TOKEN", "super-secret-token-value",
                    "KEEL_DATABASE_URL", "jdbc:postgresql://db/keel?user=k&password=hunter2",
                    "KEEL_REDIS_URL", "redis://:redispass@127.0.0.1:6379"))
            .build();
    assertThat(c.toString())
        .doesNotContain("super-secret-token-value")
        .doesNotContain("hunter2")
        .doesNotContain("redispass")
        .contains("jdbc:postgresql://db/keel");
  }
}
