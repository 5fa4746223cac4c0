package dev.keel.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link RateLimiter}. Not thread-safe; {@link #build()} takes an immutable snapshot, so a
 * builder may be reused.
 *
 * <p>Defaults: {@code capacity} must be set; refill {@code capacity} tokens per second; {@code
 * maxWait} zero (refuse at once); the system clock and sleeper.
 */
public final class RateLimiterBuilder {

  private final String name;
  private long capacity;
  private long refillTokens;
  private Duration refillPeriod;
  private Duration maxWait = Duration.ZERO;
  private KeelClock clock = KeelClock.system();
  private Sleeper sleeper = Sleeper.system();

  RateLimiterBuilder(String name) {
    this.name = name;
  }

  /** Tokens the bucket holds when full: the largest burst. Required; at least 1. */
  public RateLimiterBuilder capacity(long capacity) {
    this.capacity = capacity;
    return this;
  }

  /**
   * Refill {@code tokens} tokens every {@code period}, smoothly [default: {@code capacity} per
   * second].
   */
  public RateLimiterBuilder refill(long tokens, Duration period) {
    this.refillTokens = tokens;
    this.refillPeriod = Objects.requireNonNull(period, "refillPeriod");
    return this;
  }

  /**
   * How long {@link RateLimiter#call} and {@link RateLimiter#callAsync} may wait for a token before
   * refusing [default zero: refuse at once].
   */
  public RateLimiterBuilder maxWait(Duration maxWait) {
    this.maxWait = maxWait;
    return this;
  }

  /** The clock that measures refill [default {@link KeelClock#system()}]. */
  public RateLimiterBuilder clock(KeelClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** How callers wait for reserved tokens [default {@link Sleeper#system()}]. */
  public RateLimiterBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /** The validated configuration. */
  public RateLimiterConfig buildConfig() {
    long tokens = refillPeriod == null ? capacity : refillTokens;
    Duration period = refillPeriod == null ? Duration.ofSeconds(1) : refillPeriod;
    return new RateLimiterConfig(name, capacity, tokens, period, maxWait, clock, sleeper);
  }

  /**
   * A new limiter, with a full bucket.
   *
   * @throws IllegalArgumentException naming the setting when a value is out of range
   */
  public RateLimiter build() {
    return RateLimiter.of(buildConfig());
  }
}
