package dev.keel.http.internal;

import dev.keel.http.Criticality;
import dev.keel.http.DependencyHealth;
import java.time.Instant;
import java.util.Optional;

/**
 * What the health view needs to remember about recent calls. Thread-safe: fields are written
 * independently (a snapshot may mix two calls' news, which a health view tolerates).
 */
final class HealthTracker {

  private final String name;
  private final Criticality criticality;

  private volatile Instant lastSuccessAt;
  private volatile Instant lastFailureAt;
  private volatile String lastFailure;

  /** Whether the latest finished call was answered by a fallback. */
  private volatile boolean fellBack;

  HealthTracker(String name, Criticality criticality) {
    this.name = name;
    this.criticality = criticality;
  }

  void success(Instant at) {
    lastSuccessAt = at;
    if (fellBack) {
      fellBack = false;
    }
  }

  void failure(String description, Instant at, boolean answeredByFallback) {
    lastFailure = description;
    lastFailureAt = at;
    fellBack = answeredByFallback;
  }

  /**
   * The health now, given the breaker's state name ({@code closed}, {@code open}, ...).
   *
   * @param breakerClosed whether the breaker lets calls through normally (closed or disabled)
   */
  DependencyHealth snapshot(String breakerState, boolean breakerClosed) {
    DependencyHealth.Status status;
    if (!breakerClosed) {
      status =
          criticality == Criticality.CRITICAL
              ? DependencyHealth.Status.DOWN
              : DependencyHealth.Status.DEGRADED;
    } else if (criticality == Criticality.OPTIONAL && fellBack) {
      status = DependencyHealth.Status.DEGRADED;
    } else {
      status = DependencyHealth.Status.UP;
    }
    return new DependencyHealth(
        name,
        criticality,
        status,
        breakerState,
        Optional.ofNullable(lastFailure),
        Optional.ofNullable(lastFailureAt),
        Optional.ofNullable(lastSuccessAt));
  }
}
