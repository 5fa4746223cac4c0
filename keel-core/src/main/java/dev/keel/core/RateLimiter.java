package dev.keel.core;

import dev.keel.core.internal.TokenBucketRateLimiter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A token-bucket rate limiter: a bucket of {@link RateLimiterConfig#capacity() capacity} tokens
 * that refills smoothly at {@code refillTokens} per {@code refillPeriod}; each call takes one
 * token.
 *
 * <p>Refill arithmetic (exact, documented rounding): tokens arrive one every {@link
 * RateLimiterConfig#refillInterval() refillInterval} = ⌈refillPeriod / refillTokens⌉ nanoseconds.
 * When the period divides evenly (100 per second, 1,000 per minute) the rate is exact; otherwise it
 * is at most one nanosecond per token slower than asked (3 per second refills every 333,333,334
 * ns), never faster. Partial tokens accumulate exactly between calls.
 *
 * <p>Waiting ({@link #acquire(int, Duration)}, or {@link #call} with a {@code maxWait}) never
 * spins: the limiter reserves the tokens at once, computes from the refill arithmetic when they
 * will have arrived, and sleeps with the configured {@link Sleeper} (by default {@link
 * Thread#sleep}, which unmounts a virtual thread). A request whose tokens cannot arrive within
 * {@code maxWait} is refused without consuming anything.
 *
 * <p>{@link #call} and {@link #run} take one token and throw {@link RateLimitedException} (with a
 * {@link RateLimitedException#retryAfter() retry-after} hint) when none is granted within the
 * configured {@code maxWait} [default zero: refuse at once]. {@link #callAsync} never blocks the
 * caller: when it has to wait, the stage is started on a new virtual thread once the tokens are
 * there.
 *
 * <p>Thread-safe and lock-free; {@link #tryAcquire(int)} allocates nothing.
 */
public interface RateLimiter extends Policy {

  /** A builder for a limiter named {@code name} (used in exceptions, events and metrics). */
  static RateLimiterBuilder builder(String name) {
    return new RateLimiterBuilder(name);
  }

  /**
   * A limiter of {@code permitsPerSecond} calls per second with a burst of the same size: capacity
   * {@code permitsPerSecond}, refilled {@code permitsPerSecond} per second, no waiting.
   *
   * @throws IllegalArgumentException if {@code permitsPerSecond} is not positive
   */
  static RateLimiter perSecond(String name, long permitsPerSecond) {
    return builder(name)
        .capacity(permitsPerSecond)
        .refill(permitsPerSecond, Duration.ofSeconds(1))
        .build();
  }

  /** A limiter with the given configuration. */
  static RateLimiter of(RateLimiterConfig config) {
    return new TokenBucketRateLimiter(config);
  }

  /** The configuration this limiter was built with. */
  RateLimiterConfig config();

  /** The name given at construction; used in exceptions, events and metrics. */
  default String name() {
    return config().name();
  }

  /** Counters since construction. */
  Metrics metrics();

  /**
   * Takes {@code permits} tokens if they are there now; never waits, allocates nothing.
   *
   * @return whether the tokens were taken
   * @throws IllegalArgumentException if {@code permits} is not in {@code [1, capacity]}
   */
  boolean tryAcquire(int permits);

  /** {@code tryAcquire(1)}. */
  default boolean tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Takes {@code permits} tokens, waiting up to {@code maxWait} for them to refill. Returns {@code
   * false} at once, consuming nothing, when they cannot arrive in time.
   *
   * @return whether the tokens were taken
   * @throws IllegalArgumentException if {@code permits} is not in {@code [1, capacity]} or {@code
   *     maxWait} is negative
   * @throws InterruptedException if interrupted while waiting; the reserved tokens are given back
   */
  boolean acquire(int permits, Duration maxWait) throws InterruptedException;

  /**
   * How long until {@code permits} tokens are there, if nobody else takes any: zero when they are
   * there now. Suitable for a 429 response's {@code Retry-After}.
   *
   * @throws IllegalArgumentException if {@code permits} is not in {@code [1, capacity]}
   */
  Duration estimateWait(int permits);

  /** Whole tokens in the bucket now; 0 while waiting callers hold reservations. */
  long availablePermits();

  /**
   * Adds a listener for this limiter's events, delivered on the calling thread. A listener that
   * throws is logged and ignored.
   *
   * @return this limiter
   */
  RateLimiter onEvent(Consumer<? super RateLimiterEvent> listener);

  /**
   * Counters since construction, one per request (a request for several permits counts once); not
   * read atomically together. Counting allocates nothing.
   *
   * @param acquired requests granted, with or without waiting
   * @param rejected requests refused
   * @param waited granted requests that had to wait for their tokens
   * @param waitNanos the total time granted requests waited, in nanoseconds
   */
  record Metrics(long acquired, long rejected, long waited, long waitNanos) {}
}
