package dev.keel.http.internal;

import dev.keel.http.RecentCalls;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the latest failure and success of a client's calls. Thread-safe: fields are written
 * independently (a snapshot may mix two calls' news, which a dashboard tolerates).
 */
final class RecentCallsTracker {

  private volatile Instant lastSuccessAt;
  private volatile Instant lastFailureAt;
  private volatile String lastFailure;

  void success(Instant at) {
    lastSuccessAt = at;
  }

  void failure(String description, Instant at) {
    lastFailure = description;
    lastFailureAt = at;
  }

  RecentCalls snapshot() {
    return new RecentCalls(
        Optional.ofNullable(lastFailure),
        Optional.ofNullable(lastFailureAt),
        Optional.ofNullable(lastSuccessAt));
  }
}
