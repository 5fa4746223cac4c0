package dev.keel.http;

/**
 * How much a service needs a downstream dependency.
 *
 * <ul>
 *   <li>{@link #CRITICAL} (the default): the service cannot answer without it. While the dependency
 *       fails or its circuit breaker is open, calls fail fast with a {@link DependencyException}
 *       (for an open breaker, {@link DependencyUnavailableException}) and health reports {@link
 *       DependencyHealth.Status#DOWN} while the breaker is not closed.
 *   <li>{@link #OPTIONAL}: the service can answer without it, in a degraded form. While the
 *       dependency fails or its breaker is open, calls return the configured fallback (a default
 *       response, or the last good response within a staleness bound) instead of throwing, and
 *       health reports {@link DependencyHealth.Status#DEGRADED}.
 * </ul>
 */
public enum Criticality {
  /** The service fails without this dependency. */
  CRITICAL,
  /** The service degrades without this dependency; failures are answered by a fallback. */
  OPTIONAL
}
