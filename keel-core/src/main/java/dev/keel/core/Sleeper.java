package dev.keel.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a policy waits: the rate limiter while its reserved tokens arrive, fault injection while it
 * adds latency. Injected so tests step a {@link ManualClock} instead of really waiting.
 *
 * <p>{@link #system()} uses {@link Thread#sleep(Duration)}, which unmounts a virtual thread rather
 * than blocking its carrier. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration} (zero or positive).
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /** Really waits, with {@link Thread#sleep(Duration)}. */
  static Sleeper system() {
    return Thread::sleep;
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
      clock.advance(duration);
    };
  }
}
