package dev.keel.core.internal.micrometer;

import static dev.keel.core.KeelMicrometer.TAG_NAME;
import static dev.keel.core.KeelMicrometer.TAG_OUTCOME;

import dev.keel.core.Bulkhead;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.KeelMicrometer;
import dev.keel.core.Policy;
import dev.keel.core.RateLimiter;
import dev.keel.core.Retry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** Registers the meters of one policy; see {@link KeelMicrometer} for names and tags. Stateless. */
public final class PolicyMeters {

  private PolicyMeters() {}

  /**
   * The meters of {@code policy} if it is a kind with meters (breaker, retry, limiter, bulkhead).
   */
  public static List<Meter> any(MeterRegistry registry, Policy policy) {
    return switch (policy) {
      case CircuitBreaker breaker -> circuitBreaker(registry, breaker);
      case Retry retry -> retry(registry, retry);
      case RateLimiter limiter -> rateLimiter(registry, limiter);
      case Bulkhead bulkhead -> bulkhead(registry, bulkhead);
      default -> List.of();
    };
  }

  public static List<Meter> circuitBreaker(MeterRegistry registry, CircuitBreaker breaker) {
    Meters<CircuitBreaker> m = new Meters<>(registry, breaker, breaker.name());
    for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
      m.gauge(
          KeelMicrometer.BREAKER_STATE,
          "1 when the circuit breaker is in this state, else 0",
          b -> b.state() == state ? 1 : 0,
          KeelMicrometer.TAG_STATE,
          state.name().toLowerCase(Locale.ROOT));
    }
    m.outcomes(
        KeelMicrometer.BREAKER_CALLS,
        "Calls through the circuit breaker, by outcome",
        Map.of(
            "success", b -> b.metrics().successes(),
            "failure", b -> b.metrics().failures(),
            "rejected", b -> b.metrics().rejected(),
            "ignored", b -> b.metrics().ignored()));
    m.counter(
        KeelMicrometer.BREAKER_SLOW_CALLS,
        "Calls at or above the slow-call threshold (also counted as failures)",
        b -> b.metrics().slowCalls());
    m.gauge(
        KeelMicrometer.BREAKER_FAILURE_RATE,
        "Failure percentage of the current closed-state window; NaN when not measured",
        b -> {
          double rate = b.metrics().failureRate();
          return rate < 0 ? Double.NaN : rate;
        });
    return m.meters;
  }

  public static List<Meter> retry(MeterRegistry registry, Retry retry) {
    Meters<Retry> m = new Meters<>(registry, retry, retry.name());
    m.outcomes(
        KeelMicrometer.RETRY_CALLS,
        "Calls through the retry, by outcome",
        Map.of(
            "succeeded_without_retry", r -> r.metrics().succeededWithoutRetry(),
            "succeeded_after_retry", r -> r.metrics().succeededAfterRetry(),
            "failed_without_retry", r -> r.metrics().failedWithoutRetry(),
            "failed_after_retry", r -> r.metrics().failedAfterRetry()));
    m.counter(
        KeelMicrometer.RETRY_RETRIES,
        "Retries scheduled (attempts after the first)",
        r -> r.metrics().retries());
    m.counter(
        KeelMicrometer.RETRY_BUDGET_EXHAUSTED,
        "Calls that stopped because the retry budget refused a retry",
        r -> r.metrics().budgetExhausted());
    return m.meters;
  }

  public static List<Meter> rateLimiter(MeterRegistry registry, RateLimiter limiter) {
    Meters<RateLimiter> m = new Meters<>(registry, limiter, limiter.name());
    m.outcomes(
        KeelMicrometer.RATE_LIMITER_CALLS,
        "Requests to the rate limiter, by outcome",
        Map.of("acquired", l -> l.metrics().acquired(), "rejected", l -> l.metrics().rejected()));
    m.add(
        FunctionTimer.builder(
                KeelMicrometer.RATE_LIMITER_WAIT,
                limiter,
                l -> l.metrics().waited(),
                l -> l.metrics().waitNanos(),
                TimeUnit.NANOSECONDS)
            .description("Granted requests that waited for tokens, and their total wait")
            .tags(TAG_NAME, limiter.name())
            .register(registry));
    m.gauge(
        KeelMicrometer.RATE_LIMITER_AVAILABLE,
        "Whole tokens in the bucket now",
        RateLimiter::availablePermits);
    return m.meters;
  }

  public static List<Meter> bulkhead(MeterRegistry registry, Bulkhead bulkhead) {
    Meters<Bulkhead> m = new Meters<>(registry, bulkhead, bulkhead.name());
    m.outcomes(
        KeelMicrometer.BULKHEAD_CALLS,
        "Calls to the bulkhead, by outcome",
        Map.of("permitted", b -> b.metrics().permitted(), "rejected", b -> b.metrics().rejected()));
    m.gauge(
        KeelMicrometer.BULKHEAD_IN_USE,
        "Calls holding a permit now",
        b -> b.config().maxConcurrent() - b.availablePermits());
    m.gauge(KeelMicrometer.BULKHEAD_MAX, "The bulkhead's limit", b -> b.config().maxConcurrent());
    return m.meters;
  }

  /** Registers meters of one policy, all tagged with its name, and collects them. */
  private static final class Meters<P> {
    final MeterRegistry registry;
    final P policy;
    final String name;
    final List<Meter> meters = new ArrayList<>();

    Meters(MeterRegistry registry, P policy, String name) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.policy = Objects.requireNonNull(policy, "policy");
      this.name = name;
    }

    void counter(String meter, String description, ToDoubleFunction<P> value, String... tags) {
      add(
          FunctionCounter.builder(meter, policy, value)
              .description(description)
              .tags(TAG_NAME, name)
              .tags(tags)
              .register(registry));
    }

    /** One counter per outcome, tagged {@code outcome}. */
    void outcomes(String meter, String description, Map<String, ToDoubleFunction<P>> outcomes) {
      outcomes.forEach(
          (outcome, value) -> counter(meter, description, value, TAG_OUTCOME, outcome));
    }

    void gauge(String meter, String description, ToDoubleFunction<P> value, String... tags) {
      add(
          Gauge.builder(meter, policy, value)
              .description(description)
              .tags(TAG_NAME, name)
              .tags(tags)
              .register(registry));
    }

    void add(Meter meter) {
      meters.add(meter);
    }
  }
}
