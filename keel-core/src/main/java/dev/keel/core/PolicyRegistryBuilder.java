package dev.keel.core;

import dev.keel.core.internal.Checks;
import dev.keel.core.internal.DefaultPolicyRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link PolicyRegistry}: its settings (defaults in {@link PolicyRegistryConfig}) and the
 * named configurations it starts with. A configuration given twice under one name replaces the
 * first (they are applied in order, as {@link PolicyRegistry#reconfigure} calls). Not thread-safe;
 * the registries it builds are.
 */
public final class PolicyRegistryBuilder {

  private Duration idleTimeout = PolicyRegistryConfig.DEFAULT_IDLE_TIMEOUT;
  private int maxKeyedInstances = PolicyRegistryConfig.DEFAULT_MAX_KEYED_INSTANCES;
  private KeelClock clock = KeelClock.system();

  /** The configurations given, as steps applied in order to the new registry. */
  private final List<Consumer<PolicyRegistry>> configs = new ArrayList<>();

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
    return add(name, config, r -> r.reconfigure(name, config));
  }

  /** The retry configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, RetryConfig config) {
    return add(name, config, r -> r.reconfigure(name, config));
  }

  /** The rate-limiter configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, RateLimiterConfig config) {
    return add(name, config, r -> r.reconfigure(name, config));
  }

  /** The bulkhead configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, BulkheadConfig config) {
    return add(name, config, r -> r.reconfigure(name, config));
  }

  /** The timeout configuration named {@code name}. */
  public PolicyRegistryBuilder config(String name, TimeoutConfig config) {
    return add(name, config, r -> r.reconfigure(name, config));
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
    PolicyRegistry registry = new DefaultPolicyRegistry(buildConfig());
    configs.forEach(step -> step.accept(registry));
    return registry;
  }

  private PolicyRegistryBuilder add(String name, Object config, Consumer<PolicyRegistry> step) {
    Checks.notBlank("config name", name);
    Objects.requireNonNull(config, "config");
    configs.add(step);
    return this;
  }
}
