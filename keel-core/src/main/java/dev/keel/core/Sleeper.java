package dev.keel.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a policy waits: {@link Retry} between attempts, the rate limiter while its reserved tokens
 * arrive, fault injection while it adds latency. Injected so tests step a {@link ManualClock} and
 * record the delays instead of really waiting.
 *
 * <p>{@link #system()} uses {@link Thread#sleep(Duration)}, which unmounts a virtual thread rather
 * than blocking its carrier. Implementations must be thread-safe: one policy may be used by many
 * threads at once.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration}.
   *
   * @param duration how long to wait; zero or negative returns at once
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /** Really waits, with {@link Thread#sleep(Duration)} on the calling thread. */
  static Sleeper system() {
    return ThreadSleeper.INSTANCE;
  }

  /**
   * Does not wait but moves {@code clock} forward by the duration, for deterministic tests. Still
   * honours interruption: an interrupted thread gets {@link InterruptedException} and the clock
   * does not move.
   */
  static Sleeper advancing(ManualClock clock) {
    Objects.requireNonNull(clock, "clock");
    return duration -> {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted before sleeping " + duration);
      }
      if (duration.isPositive()) {
        clock.advance(duration);
      }
    };
  }
}

/** Sleeps the calling thread; a singleton because it has no state (no allocation per retry). */
enum ThreadSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isPositive()) {
      Thread.sleep(duration);
    }
  }
}
