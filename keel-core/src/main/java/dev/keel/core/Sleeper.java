package dev.keel.core;

import java.time.Duration;

/**
 * How a blocking {@link Retry} waits between attempts. The default sleeps the calling thread (meant
 * to be a virtual thread); tests inject one that advances a {@link ManualClock} and records the
 * delays, so they never really wait.
 *
 * <p>Implementations must be thread-safe: one {@link Retry} may be used by many threads at once.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code delay}.
   *
   * @param delay how long to wait; never negative
   * @throws InterruptedException if the waiting thread is interrupted; the retry stops and rethrows
   *     it
   */
  void sleep(Duration delay) throws InterruptedException;

  /** A sleeper that calls {@link Thread#sleep(Duration)} on the calling thread. */
  static Sleeper threadSleep() {
    return ThreadSleeper.INSTANCE;
  }
}

/** Sleeps the calling thread; a singleton because it has no state. */
enum ThreadSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleep(Duration delay) throws InterruptedException {
    if (delay.isPositive()) {
      Thread.sleep(delay);
    }
  }
}
