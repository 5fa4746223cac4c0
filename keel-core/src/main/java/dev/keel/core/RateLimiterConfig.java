package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable configuration of a {@link RateLimiter}; every value is validated here.
 *
 * @param name names the limiter in exceptions, events and metrics; not blank
 * @param capacity tokens in a full bucket, the largest burst; at least 1 (no default)
 * @param refillTokens tokens added per {@code refillPeriod}; at least 1 [default: capacity]
 * @param refillPeriod the period over which {@code refillTokens} arrive, smoothly; positive, and at
 *     least one nanosecond per token [default 1 s]
 * @param maxWait how long {@code call}/{@code callAsync} wait for a token; zero or positive
 *     [default zero]
 * @param clock measures refill [default {@link KeelClock#system()}]
 * @param sleeper how waiting callers wait [default {@link Sleeper#system()}]
 */
public record RateLimiterConfig(
    String name,
    long capacity,
    long refillTokens,
    Duration refillPeriod,
    Duration maxWait,
    KeelClock clock,
    Sleeper sleeper) {

  /**
   * The largest span of refill time, {@code capacity × refillInterval}, the limiter tracks: about
   * 73 years, far beyond any useful bucket, and small enough that no arithmetic overflows.
   */
  static final long MAX_SPAN_NANOS = 1L << 61;

  /** Validates every field; a bad value fails here, naming the field and the value. */
  public RateLimiterConfig {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Checks.notBlank("name", name);
    if (capacity <= 0) {
      throw new IllegalArgumentException(
          "capacity must be > 0, was " + capacity + "; set it with capacity(n)");
    }
    if (refillTokens <= 0) {
      throw new IllegalArgumentException("refillTokens must be > 0, was " + refillTokens);
    }
    Checks.positive("refillPeriod", refillPeriod);
    if (refillPeriod.compareTo(Duration.ofNanos(MAX_SPAN_NANOS)) > 0) {
      throw new IllegalArgumentException(
          "refillPeriod must be at most "
              + Duration.ofNanos(MAX_SPAN_NANOS)
              + ", was "
              + refillPeriod);
    }
    if (refillTokens > refillPeriod.toNanos()) {
      throw new IllegalArgumentException(
          "refillTokens must be at most one per nanosecond of refillPeriod ("
              + refillPeriod.toNanos()
              + "), was "
              + refillTokens);
    }
    long interval = ceilDiv(refillPeriod.toNanos(), refillTokens);
    if (capacity > MAX_SPAN_NANOS / interval) {
      throw new IllegalArgumentException(
          "capacity must be at most "
              + MAX_SPAN_NANOS / interval
              + " at this refill rate (a full bucket would take longer than ~73 years to refill), was "
              + capacity);
    }
    Checks.notNegative("maxWait", maxWait);
  }

  /**
   * The time one token takes to refill: ⌈refillPeriod / refillTokens⌉ nanoseconds. Exact when the
   * period divides evenly; otherwise rounded up by less than a nanosecond, so the limiter is never
   * faster than configured.
   */
  public Duration refillInterval() {
    return Duration.ofNanos(refillIntervalNanos());
  }

  long refillIntervalNanos() {
    return ceilDiv(refillPeriod.toNanos(), refillTokens);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
