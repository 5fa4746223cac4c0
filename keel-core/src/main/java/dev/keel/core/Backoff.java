package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: {@code delay = min(base × 2^attempt + jitter, max)}.
 *
 * <p>Unlike libraries that apply jitter after the cap, the result never exceeds {@link #max()}.
 * Defaults follow the Keel brief: base 5 s, max 5 min, {@link Jitter#PROPORTIONAL} jitter of ±25 %.
 *
 * <p>Immutable and thread-safe.
 *
 * @param base delay before the first retry (attempt 0) before jitter; positive
 * @param max upper bound of every delay; at least {@code base}
 * @param jitter how delays are randomised
 * @param jitterFactor for {@link Jitter#PROPORTIONAL}: the fraction added or removed, in [0, 1]
 */
public record Backoff(Duration base, Duration max, Jitter jitter, double jitterFactor) {

  /** The brief's defaults: base 5 s, max 5 min, ±25 % jitter. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), Jitter.PROPORTIONAL, 0.25);

  /** Validates every field; a bad value fails here, naming the field. */
  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(jitter, "jitter");
    Checks.positive("base", base);
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "max must be at least base (" + base + "), was " + max + "; raise max or lower base");
    }
    if (!(jitterFactor >= 0.0 && jitterFactor <= 1.0)) {
      throw new IllegalArgumentException("jitterFactor must be in [0, 1], was " + jitterFactor);
    }
  }

  /** Backoff with the given base and max and the default ±25 % jitter. */
  public static Backoff of(Duration base, Duration max) {
    return new Backoff(base, max, Jitter.PROPORTIONAL, 0.25);
  }

  /** A copy with another jitter mode. */
  public Backoff withJitter(Jitter mode) {
    return new Backoff(base, max, mode, jitterFactor);
  }

  /** A copy with another factor for {@link Jitter#PROPORTIONAL}. */
  public Backoff withJitterFactor(double factor) {
    return new Backoff(base, max, jitter, factor);
  }

  /**
   * The delay before retry number {@code attempt} (0 for the first retry).
   *
   * @param attempt retries already made, at least 0
   * @param previous the delay used last time (only {@link Jitter#DECORRELATED} reads it); {@code
   *     null} or zero means none
   * @param random the source of jitter
   * @return a delay in {@code [0, max]}
   */
  public Duration delay(int attempt, Duration previous, RandomGenerator random) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
    }
    Objects.requireNonNull(random, "random");
    long baseN = base.toNanos();
    long maxN = max.toNanos();
    long capped = cappedExponential(baseN, maxN, attempt);
    long nanos =
        switch (jitter) {
          case NONE -> capped;
          case PROPORTIONAL -> {
            double spread = capped * jitterFactor;
            double value = capped + (random.nextDouble() * 2 - 1) * spread;
            yield (long) Math.min(maxN, Math.max(0, value));
          }
          case FULL -> capped == 0 ? 0 : random.nextLong(capped + 1);
          case EQUAL -> capped / 2 + (capped / 2 == 0 ? 0 : random.nextLong(capped / 2 + 1));
          case DECORRELATED -> {
            long prev = previous == null || previous.isZero() ? baseN : previous.toNanos();
            long upper = Math.max(baseN, saturatedMultiply(prev, 3));
            long value = upper == baseN ? baseN : baseN + random.nextLong(upper - baseN + 1);
            yield Math.min(maxN, value);
          }
        };
    return Duration.ofNanos(Math.min(maxN, Math.max(0, nanos)));
  }

  /** {@code min(base × 2^attempt, max)} without overflow. */
  static long cappedExponential(long baseN, long maxN, int attempt) {
    if (attempt >= 62) {
      return maxN;
    }
    long factor = 1L << attempt;
    return Math.min(maxN, saturatedMultiply(baseN, factor));
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    return Long.MAX_VALUE;
  }
}
