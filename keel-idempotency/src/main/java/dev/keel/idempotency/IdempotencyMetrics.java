package dev.keel.idempotency;

import java.time.Duration;

/**
 * Receives what the executor observes. Keep implementations cheap and non-blocking: they run on the
 * request path. {@link MicrometerIdempotencyMetrics} is the Micrometer binder; {@link #NOOP}
 * records nothing (the default).
 *
 * <p>Implementations must be thread-safe.
 */
public interface IdempotencyMetrics {

  /** Records nothing. */
  IdempotencyMetrics NOOP = new IdempotencyMetrics() {};

  /** What happened to one request. */
  enum Outcome {
    /** A stored response was replayed (a hit). */
    REPLAY,
    /** The key was new: the operation ran (a miss). */
    MISS,
    /** The key was in flight: 409. */
    CONFLICT,
    /** The key was used with another fingerprint: 422. */
    MISMATCH,
    /** The key was missing or malformed: 400. */
    INVALID_KEY,
    /** The store was down and the executor failed closed: 503. */
    UNAVAILABLE,
    /** The store was down and the executor failed open: the operation ran unprotected. */
    FAIL_OPEN
  }

  /** The store call an error or a latency belongs to. */
  enum StoreOperation {
    /** {@link IdempotencyStore#keyClaim}. */
    CLAIM,
    /** {@link IdempotencyStore#keyComplete}. */
    COMPLETE,
    /** {@link IdempotencyStore#keyRelease}. */
    RELEASE,
    /** {@link IdempotencyStore#keyPruneExpired}. */
    PRUNE
  }

  /** Counts one request by outcome. */
  default void request(Outcome outcome) {}

  /** Counts one failed store call. */
  default void storeError(StoreOperation operation) {}

  /** Records the duration of one store call (successful or not). */
  default void storeLatency(StoreOperation operation, Duration duration) {}
}
