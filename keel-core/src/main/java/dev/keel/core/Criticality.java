package dev.keel.core;

/**
 * How much a service needs one of its downstream {@link Dependency dependencies}: whether its
 * failure takes the service down or only degrades it.
 */
public enum Criticality {
  /**
   * The service cannot answer without it: while its circuit breaker is open the service's health is
   * {@link HealthStatus#DOWN} (readiness fails), and calls fail fast.
   */
  CRITICAL,
  /**
   * The service can answer without it, in a degraded form (a fallback): while it fails the
   * service's health is {@link HealthStatus#DEGRADED}, never down.
   */
  OPTIONAL
}
