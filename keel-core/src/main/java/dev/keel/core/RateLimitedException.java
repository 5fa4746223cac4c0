package dev.keel.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by a {@link RateLimiter} that has no token for a call within its {@code maxWait}. Carries
 * when a token is expected, for a 429 response's {@code Retry-After}.
 *
 * <p>Refusals are flow control, not bugs, and can be frequent: this exception records no stack
 * trace. Immutable.
 */
public final class RateLimitedException extends RuntimeException implements RetryAfterHint {

  private final String limiterName;
  private final Duration retryAfter;

  /**
   * @param limiterName the refusing limiter
   * @param retryAfter when a token is expected, if nobody else takes it first
   */
  public RateLimitedException(String limiterName, Duration retryAfter) {
    super(
        "rate limit '" + limiterName + "' exceeded; a permit is expected in " + retryAfter,
        null,
        false,
        false);
    this.limiterName = Objects.requireNonNull(limiterName, "limiterName");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** The name of the limiter that refused. */
  public String limiterName() {
    return limiterName;
  }

  /** How long until a token is expected. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** {@link #retryAfter()}, always present. */
  @Override
  public Optional<Duration> retryAfterHint() {
    return Optional.of(retryAfter);
  }

  /** {@link #retryAfter()} in whole seconds, rounded up, at least 1: an HTTP Retry-After value. */
  public long retryAfterSeconds() {
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
