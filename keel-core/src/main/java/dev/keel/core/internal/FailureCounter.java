package dev.keel.core.internal;

/**
 * Counts outcomes while a breaker is closed and says when it must open. One instance per stay in
 * the closed state: a breaker that closes again gets a fresh counter.
 *
 * <p>Implementations are thread-safe and lock-free.
 */
interface FailureCounter {

  /**
   * Records one outcome.
   *
   * @param failure whether it counts as a failure
   * @param nowNanos the clock's {@code nanoTime()}, read only by time-based counters
   * @return whether the breaker must open now
   */
  boolean record(boolean failure, long nowNanos);

  /**
   * The failure percentage in [0, 100] over the window, or -1 when not measured (consecutive mode,
   * or fewer than the minimum calls).
   */
  double failureRate(long nowNanos);

  /** Whether {@link #record} needs a fresh {@code nowNanos}. */
  boolean needsTime();
}
