package dev.keel.core;

import dev.keel.core.internal.micrometer.PolicyMeters;
import dev.keel.core.internal.micrometer.RegistryMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The optional Micrometer binder: registers meters that read a policy's live state and counters.
 * Micrometer is an optional dependency of keel-core; this class and {@code
 * dev.keel.core.internal.micrometer} are the only ones that use it, so everything else works
 * without Micrometer on the class path.
 *
 * <pre>{@code
 * KeelMicrometer.bind(meterRegistry, breaker);          // one policy
 * KeelMicrometer.bind(meterRegistry, pipeline);         // each policy of a pipeline
 * KeelMicrometer.bind(meterRegistry, policyRegistry);   // its named instances, now and later
 * }</pre>
 *
 * <p>Meters are function counters and gauges over the policies' own lock-free counters ({@code
 * metrics()}), so binding adds nothing to the call path. Every meter has the tag {@value #TAG_NAME}
 * (the policy's name); counters by outcome add {@value #TAG_OUTCOME}; registry meters use {@value
 * #TAG_KIND} instead of a name. The constants below are the meter names (Prometheus adds {@code
 * _total} to counters and replaces dots by underscores). Meters hold the policy weakly, as
 * Micrometer gauges do: a policy nobody references any more reads as NaN until unbound.
 *
 * <p>Thread-safe. A {@link Binding} removes its meters when closed.
 */
public final class KeelMicrometer {

  /** Tag: the policy's name. */
  public static final String TAG_NAME = "name";

  /** Tag: how a call ended, on the {@code .calls} counters. */
  public static final String TAG_OUTCOME = "outcome";

  /** Tag: a circuit-breaker state, on {@link #BREAKER_STATE}. */
  public static final String TAG_STATE = "state";

  /** Tag: a {@link PolicyRegistry.Kind} label, on the registry meters. */
  public static final String TAG_KIND = "kind";

  /** Tag: a {@link PolicyRegistryEvent.Reason}, on {@link #REGISTRY_EVICTIONS}. */
  public static final String TAG_REASON = "reason";

  /** Gauge per state: 1 for the breaker's current state, 0 for the others. */
  public static final String BREAKER_STATE = "keel.circuitbreaker.state";

  /**
   * Counter: breaker calls by outcome {@code success}, {@code failure}, {@code rejected}, {@code
   * ignored}.
   */
  public static final String BREAKER_CALLS = "keel.circuitbreaker.calls";

  /** Counter: calls at or above the slow-call threshold (also counted as failures). */
  public static final String BREAKER_SLOW_CALLS = "keel.circuitbreaker.slow.calls";

  /** Gauge: failure percentage of the current closed-state window; NaN when not measured. */
  public static final String BREAKER_FAILURE_RATE = "keel.circuitbreaker.failure.rate";

  /**
   * Counter: retried calls by outcome {@code succeeded_without_retry}, {@code
   * succeeded_after_retry}, {@code failed_without_retry}, {@code failed_after_retry}.
   */
  public static final String RETRY_CALLS = "keel.retry.calls";

  /** Counter: retries scheduled (attempts after the first). */
  public static final String RETRY_RETRIES = "keel.retry.retries";

  /** Counter: calls that stopped because the retry budget refused a retry. */
  public static final String RETRY_BUDGET_EXHAUSTED = "keel.retry.budget.exhausted";

  /** Counter: rate-limiter requests by outcome {@code acquired}, {@code rejected}. */
  public static final String RATE_LIMITER_CALLS = "keel.ratelimiter.calls";

  /** Function timer: granted requests that had to wait, and how long they waited in total. */
  public static final String RATE_LIMITER_WAIT = "keel.ratelimiter.wait";

  /** Gauge: whole tokens in the bucket now. */
  public static final String RATE_LIMITER_AVAILABLE = "keel.ratelimiter.available.permits";

  /** Counter: bulkhead calls by outcome {@code permitted}, {@code rejected}. */
  public static final String BULKHEAD_CALLS = "keel.bulkhead.calls";

  /** Gauge: calls holding a permit now. */
  public static final String BULKHEAD_IN_USE = "keel.bulkhead.in.use";

  /** Gauge: the bulkhead's limit. */
  public static final String BULKHEAD_MAX = "keel.bulkhead.max.concurrent";

  /** Gauge: keyed instances a {@link PolicyRegistry} holds, by kind. */
  public static final String REGISTRY_KEYED = "keel.registry.keyed.instances";

  /** Counter: instances a {@link PolicyRegistry} dropped, by kind and reason. */
  public static final String REGISTRY_EVICTIONS = "keel.registry.evictions";

  private KeelMicrometer() {}

  /** Binds a breaker's state gauges, call counters and failure rate. */
  public static Binding bind(MeterRegistry registry, CircuitBreaker breaker) {
    return staticBinding(registry, PolicyMeters.circuitBreaker(registry, breaker));
  }

  /** Binds a retry's call, retry and budget counters. */
  public static Binding bind(MeterRegistry registry, Retry retry) {
    return staticBinding(registry, PolicyMeters.retry(registry, retry));
  }

  /** Binds a rate limiter's counters, wait timer and available-permits gauge. */
  public static Binding bind(MeterRegistry registry, RateLimiter limiter) {
    return staticBinding(registry, PolicyMeters.rateLimiter(registry, limiter));
  }

  /** Binds a bulkhead's counters and in-use and limit gauges. */
  public static Binding bind(MeterRegistry registry, Bulkhead bulkhead) {
    return staticBinding(registry, PolicyMeters.bulkhead(registry, bulkhead));
  }

  /** Binds every breaker, retry, rate limiter and bulkhead of {@code pipeline}. */
  public static Binding bind(MeterRegistry registry, Pipeline pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    List<Meter> meters = new ArrayList<>();
    for (Policy policy : pipeline.policies()) {
      meters.addAll(PolicyMeters.any(registry, policy));
    }
    return staticBinding(registry, meters);
  }

  /**
   * Binds a policy registry: its keyed-instance gauges and eviction counters, and the meters of
   * each named instance, now and as instances are added or replaced (a reconfigured instance's
   * meters move to its replacement). Keyed instances are not bound one by one: a breaker per tenant
   * would make one time series per tenant.
   */
  public static Binding bind(MeterRegistry registry, PolicyRegistry policies) {
    RegistryMeters meters = new RegistryMeters(registry, policies);
    return new Binding(meters::meters, meters::close);
  }

  private static Binding staticBinding(MeterRegistry registry, List<Meter> meters) {
    Objects.requireNonNull(registry, "registry");
    List<Meter> bound = List.copyOf(meters);
    return new Binding(() -> bound, () -> bound.forEach(registry::remove));
  }

  /** The meters one {@code bind} call registered. Thread-safe. */
  public static final class Binding implements AutoCloseable {

    private final Supplier<List<Meter>> meters;
    private final Runnable close;

    private Binding(Supplier<List<Meter>> meters, Runnable close) {
      this.meters = meters;
      this.close = close;
    }

    /** The meters registered, now. */
    public List<Meter> meters() {
      return meters.get();
    }

    /**
     * Removes the meters from the registry (and, for a policy registry, stops binding new ones).
     */
    @Override
    public void close() {
      close.run();
    }
  }
}
