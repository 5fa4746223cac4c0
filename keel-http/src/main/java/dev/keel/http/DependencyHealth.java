package dev.keel.http;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A point-in-time view of one downstream dependency, for readiness checks and dashboards.
 *
 * <p>Status rules: {@link Status#UP} while the circuit breaker is closed and (for an optional
 * dependency) the latest call was not answered by a fallback. Otherwise a {@link
 * Criticality#CRITICAL} dependency is {@link Status#DOWN} while its breaker is open or half-open,
 * and an {@link Criticality#OPTIONAL} one is {@link Status#DEGRADED} while its breaker is not
 * closed or its latest call fell back. A single failed call of a critical dependency does not make
 * it {@code DOWN}: only the breaker does, so one slow request cannot flip readiness.
 *
 * <p>Immutable.
 *
 * @param name the dependency's name, e.g. {@code payment-service}
 * @param criticality whether the service can do without it
 * @param status up, degraded or down
 * @param breakerState the circuit breaker's state, lower case ({@code closed}, {@code open}, {@code
 *     half_open}, or another state name of the breaker in use)
 * @param lastFailure a short description of the latest failed call, if there was one
 * @param lastFailureAt when the latest failed call ended, if there was one
 * @param lastSuccessAt when the latest successful call ended, if there was one
 */
public record DependencyHealth(
    String name,
    Criticality criticality,
    Status status,
    String breakerState,
    Optional<String> lastFailure,
    Optional<Instant> lastFailureAt,
    Optional<Instant> lastSuccessAt) {

  /** Validates that no component is null. */
  public DependencyHealth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(criticality, "criticality");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(breakerState, "breakerState");
    Objects.requireNonNull(lastFailure, "lastFailure");
    Objects.requireNonNull(lastFailureAt, "lastFailureAt");
    Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
  }

  /** The health of a dependency. */
  public enum Status {
    /** Calls succeed. */
    UP,
    /** An optional dependency is failing; callers get fallbacks. */
    DEGRADED,
    /** A critical dependency is failing; calls fail fast. */
    DOWN;

    /** The lower-case form used in JSON and metrics: {@code up}, {@code degraded}, {@code down}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
