package dev.keel.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failure rate over the last {@code size} calls: a ring of slots written with {@code getAndSet}, so
 * each write knows exactly which outcome it evicted and adjusts the failure count by the
 * difference. The counts are eventually exact; under contention a reader may see one write's slot
 * before its count, which can shift a rate by one call for an instant.
 */
final class CountWindow implements FailureCounter {

  private static final int EMPTY = 0;
  private static final int SUCCESS = 1;
  private static final int FAILURE = 2;

  private final int size;
  private final int minimumCalls;
  private final double threshold;

  /** One outcome per slot: EMPTY, SUCCESS or FAILURE. */
  private final AtomicIntegerArray slots;

  /** Calls ever recorded; the next slot is {@code next % size}. */
  private final AtomicLong next = new AtomicLong();

  /** Slots that are not EMPTY; grows to {@code size} and stays. */
  private final AtomicInteger filled = new AtomicInteger();

  /** Slots holding FAILURE. */
  private final AtomicInteger failures = new AtomicInteger();

  CountWindow(int size, int minimumCalls, double threshold) {
    this.size = size;
    this.minimumCalls = minimumCalls;
    this.threshold = threshold;
    this.slots = new AtomicIntegerArray(size);
  }

  @Override
  public boolean record(boolean failure, long nowNanos) {
    int slot = (int) (next.getAndIncrement() % size);
    int evicted = slots.getAndSet(slot, failure ? FAILURE : SUCCESS);
    int calls = evicted == EMPTY ? filled.incrementAndGet() : filled.get();
    int delta = (failure ? 1 : 0) - (evicted == FAILURE ? 1 : 0);
    int failed = delta == 0 ? failures.get() : failures.addAndGet(delta);
    return calls >= minimumCalls && failed * 100.0 >= threshold * calls;
  }

  @Override
  public double failureRate(long nowNanos) {
    int calls = filled.get();
    return calls < minimumCalls ? -1 : failures.get() * 100.0 / calls;
  }

  @Override
  public boolean needsTime() {
    return false;
  }
}
