package dev.keel.idempotency;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands a store sends to its server, one per network round trip. Pass one to a
 * store's builder to measure, e.g. in a benchmark, that a claim costs one round trip and a replay
 * one.
 *
 * <p>Thread-safe and cheap ({@link LongAdder}).
 */
public final class RoundTripCounter {

  /** Round trips since creation or the last {@link #reset()}. */
  private final LongAdder count = new LongAdder();

  /** Records one round trip. */
  public void increment() {
    count.increment();
  }

  /** Round trips so far. */
  public long get() {
    return count.sum();
  }

  /** Returns the count and starts again from zero. */
  public long reset() {
    return count.sumThenReset();
  }
}
