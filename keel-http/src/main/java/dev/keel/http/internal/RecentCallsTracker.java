package dev.keel.http.internal;

import dev.keel.core.KeelClock;
import dev.keel.http.RecentCalls;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the latest failure and success of a client's calls. Thread-safe: fields are written
 * independently (a snapshot may mix two calls' news, which a dashboard tolerates).
 */
final class RecentCallsTracker {

  /** {@link #lastSuccessNanos} before any success. */
  private static final long NONE = Long.MIN_VALUE;

  /** How stale the latest success may be: it is written at most about once per interval. */
  private static final long SUCCESS_RESOLUTION_NANOS = 1_000_000;

  private final KeelClock clock;

  /**
   * The client's clock reading at the latest success, turned into wall time when read. Written only
   * when the previous one is a millisecond old: every call succeeds through here, and a write per
   * call would make callers on other cores reload the line each time.
   */
  private volatile long lastSuccessNanos = NONE;

  private volatile Instant lastFailureAt;
  private volatile String lastFailure;

  RecentCallsTracker(KeelClock clock) {
    this.clock = clock;
  }

  /**
   * Notes a success.
   *
   * @param atNanos the client's clock reading when it ended
   */
  void success(long atNanos) {
    long last = lastSuccessNanos;
    if (last == NONE || atNanos - last >= SUCCESS_RESOLUTION_NANOS) {
      lastSuccessNanos = atNanos;
    }
  }

  void failure(String description, Instant at) {
    lastFailure = description;
    lastFailureAt = at;
  }

  RecentCalls snapshot() {
    long success = lastSuccessNanos;
    return new RecentCalls(
        Optional.ofNullable(lastFailure),
        Optional.ofNullable(lastFailureAt),
        success == NONE
            ? Optional.empty()
            : Optional.of(clock.now().minusNanos(clock.nanoTime() - success)));
  }
}
