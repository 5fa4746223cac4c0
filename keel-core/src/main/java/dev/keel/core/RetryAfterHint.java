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

  /**
   * The first hint found on {@code failure} or its causes, at most eight deep: the failure itself
   * first, then its cause, and so on. Hints that are empty, {@code null} or negative are skipped.
   * {@link Retry} uses this; an HTTP layer can use it to fill a {@code Retry-After} header.
   *
   * @param failure the failure to inspect; may be {@code null} (then the result is empty)
   * @return a non-negative duration, or empty when no hint is found
   */
  static Optional<Duration> find(Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < 8; depth++) {
      if (current instanceof RetryAfterHint hint) {
        Optional<Duration> value = hint.retryAfterHint();
        if (value != null && value.isPresent() && !value.get().isNegative()) {
          return value;
        }
      }
      if (current.getCause() == current) {
        break;
      }
      current = current.getCause();
    }
    return Optional.empty();
  }
}
