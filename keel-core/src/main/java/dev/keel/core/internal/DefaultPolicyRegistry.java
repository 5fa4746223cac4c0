package dev.keel.core.internal;

import dev.keel.core.Bulkhead;
import dev.keel.core.BulkheadConfig;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.CircuitBreakerConfig;
import dev.keel.core.Policy;
import dev.keel.core.PolicyRegistry;
import dev.keel.core.PolicyRegistryConfig;
import dev.keel.core.PolicyRegistryEvent;
import dev.keel.core.RateLimiter;
import dev.keel.core.RateLimiterConfig;
import dev.keel.core.Retry;
import dev.keel.core.RetryConfig;
import dev.keel.core.Timeout;
import dev.keel.core.TimeoutConfig;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** The {@link PolicyRegistry} behind {@link PolicyRegistry#builder()}: one cache per kind. */
public final class DefaultPolicyRegistry implements PolicyRegistry {

  private final PolicyRegistryConfig config;
  private final Listeners<PolicyRegistryEvent> listeners = new Listeners<>("policy registry");
  private final InstanceCache<CircuitBreakerConfig, CircuitBreaker> circuitBreakers;
  private final InstanceCache<RetryConfig, Retry> retries;
  private final InstanceCache<RateLimiterConfig, RateLimiter> rateLimiters;
  private final InstanceCache<BulkheadConfig, Bulkhead> bulkheads;
  private final InstanceCache<TimeoutConfig, Timeout> timeouts;

  /** A registry with {@code config} and only the default configurations. */
  public DefaultPolicyRegistry(PolicyRegistryConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    Consumer<PolicyRegistryEvent> emit = this::emit;
    this.circuitBreakers =
        new InstanceCache<>(
            Kind.CIRCUIT_BREAKER,
            config,
            PolicyFactories::circuitBreaker,
            PolicyFactories::carryOverManualState,
            CircuitBreaker.builder(DEFAULT_CONFIG).buildConfig(),
            emit);
    this.retries =
        new InstanceCache<>(
            Kind.RETRY,
            config,
            PolicyFactories::retry,
            PolicyFactories::nothing,
            Retry.builder(DEFAULT_CONFIG).buildConfig(),
            emit);
    this.rateLimiters =
        new InstanceCache<>(
            Kind.RATE_LIMITER,
            config,
            PolicyFactories::rateLimiter,
            PolicyFactories::nothing,
            null,
            emit);
    this.bulkheads =
        new InstanceCache<>(
            Kind.BULKHEAD,
            config,
            PolicyFactories::bulkhead,
            PolicyFactories::nothing,
            Bulkhead.builder(DEFAULT_CONFIG).buildConfig(),
            emit);
    this.timeouts =
        new InstanceCache<>(
            Kind.TIMEOUT, config, PolicyFactories::timeout, PolicyFactories::nothing, null, emit);
  }

  private void emit(PolicyRegistryEvent event) {
    if (!listeners.isEmpty()) {
      listeners.emit(event);
    }
  }

  @Override
  public PolicyRegistryConfig config() {
    return config;
  }

  @Override
  public CircuitBreaker circuitBreaker(String name) {
    return circuitBreakers.named(name);
  }

  @Override
  public CircuitBreaker circuitBreaker(String configName, String key) {
    return circuitBreakers.keyed(configName, key);
  }

  @Override
  public Retry retry(String name) {
    return retries.named(name);
  }

  @Override
  public Retry retry(String configName, String key) {
    return retries.keyed(configName, key);
  }

  @Override
  public RateLimiter rateLimiter(String name) {
    return rateLimiters.named(name);
  }

  @Override
  public RateLimiter rateLimiter(String configName, String key) {
    return rateLimiters.keyed(configName, key);
  }

  @Override
  public Bulkhead bulkhead(String name) {
    return bulkheads.named(name);
  }

  @Override
  public Bulkhead bulkhead(String configName, String key) {
    return bulkheads.keyed(configName, key);
  }

  @Override
  public Timeout timeout(String name) {
    return timeouts.named(name);
  }

  @Override
  public Timeout timeout(String configName, String key) {
    return timeouts.keyed(configName, key);
  }

  @Override
  public void reconfigure(String configName, CircuitBreakerConfig config) {
    circuitBreakers.reconfigure(configName, config);
  }

  @Override
  public void reconfigure(String configName, RetryConfig config) {
    retries.reconfigure(configName, config);
  }

  @Override
  public void reconfigure(String configName, RateLimiterConfig config) {
    rateLimiters.reconfigure(configName, config);
  }

  @Override
  public void reconfigure(String configName, BulkheadConfig config) {
    bulkheads.reconfigure(configName, config);
  }

  @Override
  public void reconfigure(String configName, TimeoutConfig config) {
    timeouts.reconfigure(configName, config);
  }

  @Override
  public Map<String, Policy> named(Kind kind) {
    return cache(kind).namedSnapshot();
  }

  @Override
  public Map<String, Policy> keyed(Kind kind) {
    return cache(kind).keyedSnapshot();
  }

  @Override
  public int keyedCount(Kind kind) {
    return cache(kind).keyedCount();
  }

  @Override
  public void evictIdle() {
    for (Kind kind : Kind.values()) {
      cache(kind).evictIdle();
    }
  }

  @Override
  public void onEvent(Consumer<? super PolicyRegistryEvent> listener) {
    listeners.add(listener);
  }

  private InstanceCache<?, ?> cache(Kind kind) {
    return switch (Objects.requireNonNull(kind, "kind")) {
      case CIRCUIT_BREAKER -> circuitBreakers;
      case RETRY -> retries;
      case RATE_LIMITER -> rateLimiters;
      case BULKHEAD -> bulkheads;
      case TIMEOUT -> timeouts;
    };
  }

  @Override
  public String toString() {
    return "PolicyRegistry[" + config + "]";
  }
}
