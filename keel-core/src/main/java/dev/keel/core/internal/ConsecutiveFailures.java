package dev.keel.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens after {@code threshold} failures in a row; any success resets the run. The success path is
 * one volatile read (and a write only when a run of failures is being broken), so a healthy
 * dependency costs almost nothing and allocates nothing.
 */
final class ConsecutiveFailures implements FailureCounter {

  private final int threshold;

  /** Failures since the last success; racing successes may reset it, which is the intent. */
  private final AtomicInteger run = new AtomicInteger();

  ConsecutiveFailures(int threshold) {
    this.threshold = threshold;
  }

  @Override
  public boolean record(boolean failure, long nowNanos) {
    if (failure) {
      return run.incrementAndGet() >= threshold;
    }
    if (run.get() != 0) {
      run.set(0);
    }
    return false;
  }

  @Override
  public double failureRate(long nowNanos) {
    return -1;
  }

  @Override
  public boolean needsTime() {
    return false;
  }

  /** Failures in the current run, for tests. */
  int run() {
    return run.get();
  }
}
