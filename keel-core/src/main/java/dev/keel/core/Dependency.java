package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A downstream dependency of the service: a name, a {@link Criticality} and the {@link Pipeline}
 * its calls go through. It is itself a {@link Policy} (calls run through its pipeline), and it
 * reports its {@link #health()} from the live state of that pipeline's policies.
 *
 * <pre>{@code
 * Dependency payments = Dependency.critical("payments", paymentsPipeline);
 * Dependency recommendations = Dependency.optional("recommendations", recsPipelineWithFallback);
 * }</pre>
 *
 * <h2>Status</h2>
 *
 * <ul>
 *   <li>Circuit breaker {@code OPEN} or {@code FORCED_OPEN}: a critical dependency is {@link
 *       HealthStatus#DOWN}, an optional one {@link HealthStatus#DEGRADED}.
 *   <li>Circuit breaker {@code HALF_OPEN} (cooldown over, probing): {@link HealthStatus#DEGRADED}
 *       for either. Not down on purpose: a readiness check that failed here would keep the traffic
 *       away that the probe needs, and the breaker would never close.
 *   <li>Otherwise, the pipeline's fallback answered a failure within the last {@code
 *       fallbackRecency} [1 min]: {@link HealthStatus#DEGRADED}.
 *   <li>Otherwise {@link HealthStatus#UP} (so is a pipeline without breaker and fallback).
 * </ul>
 *
 * <p>Reading the health may move an open breaker whose cooldown has passed to half-open, as {@link
 * CircuitBreaker#state()} does. Thread-safe; the fallback's use is recorded by a listener this
 * dependency adds to it.
 */
public final class Dependency implements Policy {

  /** Default {@code fallbackRecency}: 1 minute. */
  public static final Duration DEFAULT_FALLBACK_RECENCY = Duration.ofMinutes(1);

  private static final long NEVER = Long.MIN_VALUE;

  private final String name;
  private final Criticality criticality;
  private final Pipeline pipeline;
  private final long recencyNanos;
  private final KeelClock clock;

  /** Clock reading when the fallback last answered a failure; {@link #NEVER} until then. */
  private final AtomicLong lastFallbackNanos = new AtomicLong(NEVER);

  Dependency(
      String name,
      Criticality criticality,
      Pipeline pipeline,
      Duration fallbackRecency,
      KeelClock clock) {
    this.name = Checks.notBlank("name", name);
    this.criticality = Objects.requireNonNull(criticality, "criticality");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.recencyNanos =
        Checks.nanos(Checks.positive("fallbackRecency", fallbackRecency), Long.MAX_VALUE);
    this.clock = Objects.requireNonNull(clock, "clock");
    pipeline
        .fallback()
        .ifPresent(
            fallback ->
                fallback.onEvent(
                    event -> {
                      if (event instanceof FallbackEvent.FallbackUsed) {
                        lastFallbackNanos.set(clock.nanoTime());
                      }
                    }));
  }

  /** A builder, for the fallback recency and the clock. */
  public static DependencyBuilder builder(String name) {
    return new DependencyBuilder(name);
  }

  /** A critical dependency whose calls go through {@code pipeline}. */
  public static Dependency critical(String name, Pipeline pipeline) {
    return builder(name).criticality(Criticality.CRITICAL).pipeline(pipeline).build();
  }

  /**
   * An optional dependency whose calls go through {@code pipeline} (which should have a fallback).
   */
  public static Dependency optional(String name, Pipeline pipeline) {
    return builder(name).criticality(Criticality.OPTIONAL).pipeline(pipeline).build();
  }

  /** The dependency's name. */
  public String name() {
    return name;
  }

  /** Whether the service can do without it. */
  public Criticality criticality() {
    return criticality;
  }

  /** The policies its calls go through. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** Its health now, from its breaker's state and its fallback's recent use. */
  public DependencyHealth health() {
    Optional<CircuitBreaker> breaker = pipeline.circuitBreaker();
    Optional<CircuitBreaker.State> state = breaker.map(CircuitBreaker::state);
    long now = clock.nanoTime();
    long last = lastFallbackNanos.get();
    Optional<Instant> lastFallbackAt =
        last == NEVER ? Optional.empty() : Optional.of(clock.now().minusNanos(now - last));
    HealthStatus status = HealthStatus.UP;
    String reason = "ok";
    if (state.isPresent()) {
      switch (state.get()) {
        case OPEN, FORCED_OPEN -> {
          status = criticality == Criticality.CRITICAL ? HealthStatus.DOWN : HealthStatus.DEGRADED;
          reason = "circuit breaker '" + breaker.get().name() + "' is " + state.get();
        }
        case HALF_OPEN -> {
          status = HealthStatus.DEGRADED;
          reason = "circuit breaker '" + breaker.get().name() + "' is HALF_OPEN (probing)";
        }
        default -> {}
      }
    }
    if (status == HealthStatus.UP && last != NEVER && now - last < recencyNanos) {
      status = HealthStatus.DEGRADED;
      reason = "fallback used " + Duration.ofNanos(now - last).toSeconds() + " s ago";
    }
    return new DependencyHealth(name, criticality, status, state, lastFallbackAt, reason);
  }

  /** Runs {@code call} through the pipeline. */
  @Override
  public <T> T call(Callable<T> call) throws Exception {
    return pipeline.call(call);
  }

  /** Runs {@code stage} through the pipeline. */
  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    return pipeline.callAsync(stage);
  }

  @Override
  public String toString() {
    return "Dependency[" + name + ", " + criticality + "]";
  }
}
