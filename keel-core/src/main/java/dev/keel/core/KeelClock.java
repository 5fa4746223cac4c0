package dev.keel.core;

import java.time.Instant;

/**
 * The one source of time for Keel: monotonic nanoseconds for measuring intervals and wall-clock
 * instants for timestamps. Every time-dependent primitive takes a clock so tests can step time with
 * {@link ManualClock} instead of sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
public interface KeelClock {

  /** Monotonic time in nanoseconds; only differences between two readings are meaningful. */
  long nanoTime();

  /** Wall-clock time, for timestamps shown to people and stored in databases. */
  Instant now();

  /** The system clock: {@link System#nanoTime()} and {@link Instant#now()}. */
  static KeelClock system() {
    return SystemClock.INSTANCE;
  }
}

/** The system clock; a singleton because it has no state. */
enum SystemClock implements KeelClock {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
