package dev.keel.core;

import dev.keel.core.internal.Checks;
import dev.keel.core.internal.DefaultPolicyRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link PolicyRegistry}: its settings (defaults in {@link PolicyRegistryConfig}) and the
 * named configurations it starts with. A configuration given twice under one name replaces the
 * first. Not thread-safe; the registries it builds are.
 */
public final class PolicyRegistryBuilder {

  private Duration idleTimeout = PolicyRegistryConfig.DEFAULT_IDLE_TIMEOUT;
  private int maxKeyedInstances = PolicyRegistryConfig.DEFAULT_MAX_KEYED_INSTANCES;
  private KeelClock clock = KeelClock.system();
  private final Map<String, CircuitBreakerConfig> circuitBreakers = new LinkedHashMap<>();
  private final Map<String, RetryConfig> retries = new LinkedHashMap<>();
  private final Map<String, RateLimiterConfig> rateLimiters = new LinkedHashMap<>();
  private final Map<String, BulkheadConfig> bulkheads = new LinkedHashMap<>();
  private final Map<String, TimeoutConfig> timeouts = new LinkedHashMap<>();

  PolicyRegistryBuilder() {}

  /** A keyed instance not looked up for this long is evicted [1 h]; positive. */
  public PolicyRegistryBuilder idleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
    return this;
  }

  /** Keyed instances kept per kind before the least recently used is evicted [10,000]. */
  public PolicyRegistryBuilder maxKeyedInstances(int maxKeyedInstances) {
    this.maxKeyedInstances = maxKeyedInstances;
    return this;
  }

  /** The clock that measures idleness [{@link KeelClock#system()}]. */
  public PolicyRegistryBuilder clock(KeelClock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * The circuit-breaker configuration named {@code name} ({@value PolicyRegistry#DEFAULT_CONFIG}:
   * the default).
   */
  public PolicyRegistryBuilder config(String name, CircuitBreakerConfig config) {
    circuitBreakers.put(checkedName(name), Objects.requireNonNull(config, "config"));
    return this;
  }

  /** The retry configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, RetryConfig config) {
    retries.put(checkedName(name), Objects.requireNonNull(config, "config"));
    return this;
  }

  /** The rate-limiter configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, RateLimiterConfig config) {
    rateLimiters.put(checkedName(name), Objects.requireNonNull(config, "config"));
    return this;
  }

  /** The bulkhead configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, BulkheadConfig config) {
    bulkheads.put(checkedName(name), Objects.requireNonNull(config, "config"));
    return this;
  }

  /** The timeout configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, TimeoutConfig config) {
    timeouts.put(checkedName(name), Objects.requireNonNull(config, "config"));
    return this;
  }

  /** The validated settings. */
  public PolicyRegistryConfig buildConfig() {
    return new PolicyRegistryConfig(idleTimeout, maxKeyedInstances, clock);
  }

  /**
   * A new registry.
   *
   * @throws IllegalArgumentException naming the bad setting and its value
   */
  public PolicyRegistry build() {
    DefaultPolicyRegistry registry = new DefaultPolicyRegistry(buildConfig());
    circuitBreakers.forEach(registry::reconfigure);
    retries.forEach(registry::reconfigure);
    rateLimiters.forEach(registry::reconfigure);
    bulkheads.forEach(registry::reconfigure);
    timeouts.forEach(registry::reconfigure);
    return registry;
  }

  private static String checkedName(String name) {
    return Checks.notBlank("config name", name);
  }
}
