package dev.keel.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for deterministic tests of cooldowns, backoff and
 * visibility timeouts. Monotonic time and wall time advance together.
 *
 * <p>Thread-safe: readers on any thread see every {@link #advance(Duration)} that happened before.
 */
public final class ManualClock implements KeelClock {

  /** Nanoseconds elapsed since construction; never decreases. */
  private final AtomicLong elapsedNanos = new AtomicLong();

  private final Instant origin;

  /** A manual clock whose wall time starts at {@code origin}. */
  public ManualClock(Instant origin) {
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  /** A manual clock whose wall time starts at 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves time forward.
   *
   * @throws IllegalArgumentException if {@code amount} is negative: time never runs backwards
   */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "amount must not be negative, was " + amount + "; a clock only moves forward");
    }
    elapsedNanos.addAndGet(amount.toNanos());
  }

  @Override
  public long nanoTime() {
    return elapsedNanos.get();
  }

  @Override
  public Instant now() {
    return origin.plusNanos(elapsedNanos.get());
  }
}
