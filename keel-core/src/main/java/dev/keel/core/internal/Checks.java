package dev.keel.core.internal;

import java.time.Duration;

/**
 * The one way Keel validates settings and turns durations into nanoseconds. A bad value fails with
 * {@link IllegalArgumentException} whose message names the setting and the value, e.g. {@code
 * maxWait must not be negative, was PT-1S}; {@code null} is a bad value like any other. Stateless.
 */
public final class Checks {

  private Checks() {}

  /** {@code value} when it is neither null nor blank. */
  public static String notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, was '" + value + "'");
    }
    return value;
  }

  /** {@code value} when it is longer than zero. */
  public static Duration positive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return value;
  }

  /** {@code value} when it is zero or longer. */
  public static Duration notNegative(String field, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
    return value;
  }

  /** {@code value} when it is 1 or more. */
  public static int atLeastOne(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, was " + value);
    }
    return value;
  }

  /**
   * {@code value} in nanoseconds, at most {@code cap} (which keeps arithmetic from overflowing).
   */
  public static long nanos(Duration value, long cap) {
    return value.compareTo(Duration.ofNanos(cap)) >= 0 ? cap : value.toNanos();
  }
}
