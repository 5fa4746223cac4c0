package dev.keel.core;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Named policy instances built on demand from named, shared configurations: one place that hands
 * out "the payments breaker" to every caller, and per-key instances (a breaker per tenant) that are
 * evicted when idle so they cannot grow without bound.
 *
 * <pre>{@code
 * PolicyRegistry registry = PolicyRegistry.builder()
 *     .config("payments", CircuitBreaker.builder("payments").cooldown(ofSeconds(10)).buildConfig())
 *     .config("per-tenant", CircuitBreaker.builder("per-tenant").consecutiveFailures(3).buildConfig())
 *     .build();
 * CircuitBreaker payments = registry.circuitBreaker("payments");           // named
 * CircuitBreaker acme = registry.circuitBreaker("per-tenant", "acme");     // keyed: "per-tenant:acme"
 * registry.reconfigure("payments", newConfig);                             // later lookups see it
 * }</pre>
 *
 * <h2>Configurations</h2>
 *
 * <p>Each kind ({@link Kind}) has its own table of configurations by name. The configuration named
 * {@value #DEFAULT_CONFIG} is the default: for circuit breakers, retries and bulkheads it starts as
 * their {@code ofDefaults} configuration; rate limiters and timeouts have no default until one is
 * given (their capacity and limit have no sensible default). The name inside a configuration record
 * is ignored: an instance is always named for its lookup.
 *
 * <h2>Named and keyed instances</h2>
 *
 * <ul>
 *   <li><b>Named</b> ({@code circuitBreaker("payments")}): uses the configuration of the same name,
 *       else the default. Created on first lookup and kept for the life of the registry, so that
 *       whoever holds it (a {@link Pipeline} built at startup) and whoever looks it up later share
 *       one instance.
 *   <li><b>Keyed</b> ({@code circuitBreaker("per-tenant", tenantId)}): uses the configuration named
 *       {@code configName}, which must exist (a typo fails instead of silently getting the
 *       default). Named {@code configName:key}. Evicted when not looked up for {@code idleTimeout}
 *       [1 h] (checked during keyed lookups, at most every quarter of {@code idleTimeout}, or at
 *       once by {@link #evictIdle()}), and the least recently looked-up one is evicted when a kind
 *       would exceed {@code maxKeyedInstances} [10,000]. Look keyed instances up per call (a lookup
 *       of an existing instance is two hash-map reads and no lock); one held elsewhere keeps
 *       working after eviction, but the registry will hand out a fresh one.
 * </ul>
 *
 * <h2>Reconfiguration</h2>
 *
 * <p>{@link #reconfigure(String, CircuitBreakerConfig)} (one overload per kind) replaces a
 * configuration; every instance whose effective configuration changed (those using it, and for
 * {@value #DEFAULT_CONFIG} every named instance without its own) is replaced at once by a new
 * instance with the new configuration, so every later lookup gets the new one. State is not carried
 * over: a replaced breaker starts closed with fresh counters (an open breaker is closed by a
 * reconfiguration), except that a breaker an operator forced open or disabled stays so; a replaced
 * rate limiter starts full and a replaced bulkhead with all permits free (calls still running hold
 * permits of the old one). Instances held elsewhere keep their old configuration.
 *
 * <p>Thread-safe: any number of threads get the same instance for the same name. Creation, eviction
 * and reconfiguration of one kind are serialised by a lock (never held while user code runs, except
 * the instance's construction); lookups of existing instances take no lock. Events ({@link
 * #onEvent}) are delivered after the change, outside the lock.
 */
public interface PolicyRegistry {

  /** The name of the default configuration of each kind: {@value}. */
  String DEFAULT_CONFIG = "default";

  /** A builder with the defaults of {@link PolicyRegistryConfig}. */
  static PolicyRegistryBuilder builder() {
    return new PolicyRegistryBuilder();
  }

  /** A registry with the default settings and only the default configurations. */
  static PolicyRegistry ofDefaults() {
    return builder().build();
  }

  /** The registry's settings. */
  PolicyRegistryConfig config();

  /**
   * The named circuit breaker {@code name}, created on first lookup with the configuration of that
   * name or the default.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  CircuitBreaker circuitBreaker(String name);

  /**
   * The circuit breaker for {@code key} (e.g. a tenant) with the shared configuration {@code
   * configName}, named {@code configName:key}; evicted when idle or least recently used.
   *
   * @throws IllegalArgumentException if no circuit-breaker configuration is named {@code
   *     configName}, or either argument is blank
   */
  CircuitBreaker circuitBreaker(String configName, String key);

  /** The named retry {@code name}; see {@link #circuitBreaker(String)}. */
  Retry retry(String name);

  /** The retry for {@code key}; see {@link #circuitBreaker(String, String)}. */
  Retry retry(String configName, String key);

  /**
   * The named rate limiter {@code name}; see {@link #circuitBreaker(String)}.
   *
   * @throws IllegalArgumentException also when there is neither a configuration named {@code name}
   *     nor a default one
   */
  RateLimiter rateLimiter(String name);

  /** The rate limiter for {@code key}; see {@link #circuitBreaker(String, String)}. */
  RateLimiter rateLimiter(String configName, String key);

  /** The named bulkhead {@code name}; see {@link #circuitBreaker(String)}. */
  Bulkhead bulkhead(String name);

  /** The bulkhead for {@code key}; see {@link #circuitBreaker(String, String)}. */
  Bulkhead bulkhead(String configName, String key);

  /**
   * The named timeout {@code name}; see {@link #circuitBreaker(String)}.
   *
   * @throws IllegalArgumentException also when there is neither a configuration named {@code name}
   *     nor a default one
   */
  Timeout timeout(String name);

  /** The timeout for {@code key}; see {@link #circuitBreaker(String, String)}. */
  Timeout timeout(String configName, String key);

  /**
   * Adds or replaces the circuit-breaker configuration {@code configName} and replaces every
   * instance whose configuration it changes (see the class documentation for what is kept).
   */
  void reconfigure(String configName, CircuitBreakerConfig config);

  /**
   * Adds or replaces a retry configuration; see {@link #reconfigure(String, CircuitBreakerConfig)}.
   */
  void reconfigure(String configName, RetryConfig config);

  /**
   * Adds or replaces a rate-limiter configuration; see {@link #reconfigure(String,
   * CircuitBreakerConfig)}.
   */
  void reconfigure(String configName, RateLimiterConfig config);

  /**
   * Adds or replaces a bulkhead configuration; see {@link #reconfigure(String,
   * CircuitBreakerConfig)}.
   */
  void reconfigure(String configName, BulkheadConfig config);

  /**
   * Adds or replaces a timeout configuration; see {@link #reconfigure(String,
   * CircuitBreakerConfig)}.
   */
  void reconfigure(String configName, TimeoutConfig config);

  /** A snapshot of the named instances of {@code kind}, by name. */
  Map<String, Policy> named(Kind kind);

  /** A snapshot of the keyed instances of {@code kind}, by {@code configName:key}. */
  Map<String, Policy> keyed(Kind kind);

  /** Keyed instances of {@code kind} held now; never above {@code maxKeyedInstances}. */
  int keyedCount(Kind kind);

  /** Evicts every keyed instance idle for at least {@code idleTimeout}, now. */
  void evictIdle();

  /**
   * Adds a listener for instances added and removed. Listeners run on the thread that caused the
   * change, after it; an exception thrown by a listener is logged and ignored.
   */
  void onEvent(Consumer<? super PolicyRegistryEvent> listener);

  /** The kinds of policy a registry holds. */
  enum Kind {
    /** {@link CircuitBreaker}. */
    CIRCUIT_BREAKER,
    /** {@link Retry}. */
    RETRY,
    /** {@link RateLimiter}. */
    RATE_LIMITER,
    /** {@link Bulkhead}. */
    BULKHEAD,
    /** {@link Timeout}. */
    TIMEOUT;

    /** The lower-case form for logs and metric tags, e.g. {@code circuit_breaker}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
