package dev.keel.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A point-in-time view of one {@link Dependency}, for readiness checks and dashboards. Immutable.
 *
 * @param name the dependency's name
 * @param criticality whether the service can do without it
 * @param status up, degraded or down (see {@link Dependency} for the rules)
 * @param breakerState its circuit breaker's state; empty when its pipeline has no breaker
 * @param lastFallbackAt when its fallback last answered a failure (wall clock); empty when never or
 *     when it has no fallback
 * @param reason a short human-readable explanation of the status, e.g. {@code circuit breaker
 *     'payments' is OPEN}
 */
public record DependencyHealth(
    String name,
    Criticality criticality,
    HealthStatus status,
    Optional<CircuitBreaker.State> breakerState,
    Optional<Instant> lastFallbackAt,
    String reason) {

  /** Validates that no component is null. */
  public DependencyHealth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(criticality, "criticality");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(breakerState, "breakerState");
    Objects.requireNonNull(lastFallbackAt, "lastFallbackAt");
    Objects.requireNonNull(reason, "reason");
  }
}
