package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings fail at construction, naming the setting and the value. */
class ConfigValidationTest {

  @Test
  void queueConfigNamesTheBadField() {
    assertThatThrownBy(() -> QueueConfig.defaults("no spaces"))
        .hasMessageContaining("name must be 1-64")
        .hasMessageContaining("no spaces");
    assertThatThrownBy(() -> QueueConfig.defaults("q").withConcurrency(-1))
        .hasMessageContaining("concurrency must be in 0..10000, was -1");
    assertThatThrownBy(() -> QueueConfig.defaults("q").withVisibilityTimeout(Duration.ofMillis(5)))
        .hasMessageContaining("visibilityTimeout must be at least 100 ms");
    assertThatThrownBy(() -> QueueConfig.defaults("q").withPollInterval(Duration.ZERO))
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> new RateLimit(0, 1)).hasMessageContaining("capacity");
    assertThatThrownBy(() -> new RateLimit(1, 0)).hasMessageContaining("perSecond");
  }

  @Test
  void tiersHaveTheirTargets() {
    assertThat(QueueConfig.highPriority().startLatencyTarget()).isEqualTo(Duration.ofSeconds(30));
    assertThat(QueueConfig.defaultTier().startLatencyTarget()).isEqualTo(Duration.ofMinutes(5));
    assertThat(QueueConfig.batch().startLatencyTarget()).isNull();
    assertThat(JobsConfig.defaultTiers()).containsOnlyKeys("high_priority", "default", "batch");
  }

  @Test
  void storeConfigsRejectBadValues() {
    assertThatThrownBy(() -> PostgresStoreConfig.of("jdbc:mysql://x/y", "keel"))
        .hasMessageContaining("jdbcUrl must start with jdbc:postgresql:");
    assertThatThrownBy(() -> PostgresStoreConfig.of("jdbc:postgresql://x/y", "Bad-Schema"))
        .hasMessageContaining("schema must be");
    assertThatThrownBy(
            () -> PostgresStoreConfig.of("jdbc:postgresql://x/y", "keel").withMaxPoolSize(0))
        .hasMessageContaining("maxPoolSize");
    // credentials in the URL never reach toString
    assertThat(PostgresStoreConfig.of("jdbc:postgresql://x/y?password=secret", "keel").toString())
        .doesNotContain("secret");
  }

  @Test
  void leaseAndHandlerOptionsValidate() {
    assertThatThrownBy(() -> new LeaseRequest("w", 0, null, null))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("max");
    assertThatThrownBy(() -> new LeaseRequest("w", 1, null, Duration.ofMinutes(5)))
        .hasMessageContaining("waitFor");
    assertThatThrownBy(() -> new LeaseRequest(" ", 1, null, null)).hasMessageContaining("workerId");
    assertThatThrownBy(() -> HandlerOptions.DEFAULTS.withMaxAttempts(0))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> HandlerOptions.DEFAULTS.withConcurrencyLimit(0))
        .hasMessageContaining("concurrencyLimit");
    assertThatThrownBy(() -> new JobError(" ", "m", "s")).hasMessageContaining("error type");
    assertThat(new JobError("E", null, "x".repeat(100_000)).stack())
        .hasSize(JobError.MAX_STACK_CHARS);
  }
}
