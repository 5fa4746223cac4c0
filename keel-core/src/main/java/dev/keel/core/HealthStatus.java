package dev.keel.core;

import java.util.Locale;

/**
 * The health of a dependency or of the whole service, from best to worst. See {@link Dependency}
 * for how a dependency's status is derived and {@link HealthReport} for the service's.
 */
public enum HealthStatus {
  /** Working normally. */
  UP,
  /** Answering, but not fully: an optional dependency fails or a fallback was used recently. */
  DEGRADED,
  /** Not able to answer: a critical dependency's circuit breaker is open. */
  DOWN;

  /** The lower-case form used in JSON and metrics: {@code up}, {@code degraded}, {@code down}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The worse of this and {@code other}. */
  public HealthStatus worst(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
