package dev.keel.core;

import java.time.Duration;
import java.util.Optional;

/**
 * Implemented by exceptions that know when trying again makes sense: an open {@link CircuitBreaker}
 * (its remaining cooldown), an HTTP 429 or 503 answer with a {@code Retry-After} header, an
 * over-limit rate limiter.
 *
 * <p>{@link Retry} looks for this interface on a failure and on its causes, and waits at least the
 * hinted time (capped by {@link RetryConfig#maxRetryAfter()}) before the next attempt.
 *
 * <p>The method is named {@code retryAfterHint} rather than {@code retryAfter} so that an exception
 * can also offer a plain {@code Duration retryAfter()} accessor, as {@link
 * CircuitBreakerOpenException} does.
 */
public interface RetryAfterHint {

  /**
   * How long to wait before trying again, or empty when the hint is unknown.
   *
   * @return a non-negative duration, or empty
   */
  Optional<Duration> retryAfterHint();
}
