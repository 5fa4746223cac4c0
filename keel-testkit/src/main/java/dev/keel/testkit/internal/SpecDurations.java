package dev.keel.testkit.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in a fault SPEC: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m}. */
public final class SpecDurations {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,3}))?(ms|s|m)");

  /** The longest duration a SPEC accepts: one day. */
  public static final Duration MAX = Duration.ofDays(1);

  private SpecDurations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms when it is not a
   *     duration of whole milliseconds up to one day
   */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration; write a number and a unit: 250ms, 2s, 1.5s, 1m");
    }
    long whole = Long.parseLong(m.group(1));
    String fraction = m.group(2) == null ? "" : m.group(2);
    long unitMillis =
        switch (m.group(3)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          default -> 60_000;
        };
    if (unitMillis == 1 && !fraction.isEmpty()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is finer than a millisecond; write whole milliseconds");
    }
    long fractionMillis = 0;
    if (!fraction.isEmpty()) {
      long scaled = Long.parseLong(fraction) * unitMillis;
      long divisor = (long) Math.pow(10, fraction.length());
      if (scaled % divisor != 0) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is finer than a millisecond; write whole milliseconds");
      }
      fractionMillis = scaled / divisor;
    }
    if (whole > MAX.toMillis() / unitMillis) {
      throw new IllegalArgumentException("\"" + text + "\" is longer than the maximum of 1 day");
    }
    Duration d = Duration.ofMillis(whole * unitMillis + fractionMillis);
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("\"" + text + "\" is longer than the maximum of 1 day");
    }
    return d;
  }

  /** The shortest SPEC form of {@code d}: {@code 2m}, {@code 90s}, {@code 1500ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms != 0 && ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }

  /**
   * Checks that {@code d} can be written in a SPEC.
   *
   * @throws IllegalArgumentException naming {@code field} when {@code d} is negative, longer than a
   *     day, or not whole milliseconds
   */
  public static void requireWholeMillis(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.compareTo(MAX) > 0 || d.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          field + " must be whole milliseconds between 0 and 1 day, was " + d);
    }
  }
}
