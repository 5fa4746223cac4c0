package dev.keel.http.internal;

import dev.keel.core.BulkheadFullException;
import dev.keel.core.CircuitBreakerConfig;
import dev.keel.core.CircuitBreakerOpenException;
import dev.keel.core.RateLimitedException;
import dev.keel.core.RetryAfterHint;
import dev.keel.http.DependencyConnectException;
import dev.keel.http.DependencyException;
import dev.keel.http.DependencyRateLimitedException;
import dev.keel.http.DependencyServerErrorException;
import dev.keel.http.DependencyTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * What counts as a failure of the dependency (for the breaker), what was never sent (ignored by the
 * breaker), what may be retried and what a fallback answers. Stateless.
 */
public final class Failures {

  private Failures() {}

  /**
   * Whether {@code error} says the dependency is failing: a 5xx or 429 answer, a broken connection,
   * or a request that timed out. A caller's spent deadline (nothing sent) and refusals by Keel's
   * own policies are not the dependency's fault.
   */
  public static boolean isDependencyFailure(Throwable error) {
    return error instanceof DependencyServerErrorException
        || error instanceof DependencyRateLimitedException
        || error instanceof DependencyConnectException
        || (error instanceof DependencyTimeoutException t
            && t.kind() != DependencyTimeoutException.Kind.DEADLINE);
  }

  /**
   * Whether no request was sent because of {@code error}, so the breaker must record it neither as
   * a failure nor as a success: keel-core's local rejections ({@link
   * CircuitBreakerConfig#LOCAL_REJECTIONS}: rate limiter, bulkhead) and a caller's spent deadline.
   */
  public static boolean isNotSent(Throwable error) {
    return CircuitBreakerConfig.LOCAL_REJECTIONS.test(error)
        || (error instanceof DependencyTimeoutException t
            && t.kind() == DependencyTimeoutException.Kind.DEADLINE);
  }

  /**
   * Whether {@code error} is a refusal by one of keel-core's policies (breaker, limiter, bulkhead).
   */
  public static boolean isLocalRefusal(Throwable error) {
    return error instanceof CircuitBreakerOpenException
        || error instanceof BulkheadFullException
        || error instanceof RateLimitedException;
  }

  /**
   * Whether an optional dependency's fallback answers {@code error}: any {@link
   * DependencyException} and any refusal; not programming errors or interruption.
   */
  public static boolean isAnswerable(Throwable error) {
    return error instanceof DependencyException || isLocalRefusal(error);
  }

  /**
   * Whether a failed attempt may be followed by another (the request itself being safe to repeat is
   * decided per call): a dependency failure, except 501 and 505 (retrying cannot change them) and
   * an answer whose {@code Retry-After} is longer than {@code maxRetryAfter} (waiting less than
   * asked would only add load). The hint is read with {@link RetryAfterHint#find}, as keel-core's
   * retry reads it for the wait.
   */
  public static boolean isRetryable(Throwable error, Duration maxRetryAfter) {
    if (!isDependencyFailure(error)) {
      return false;
    }
    if (error instanceof DependencyServerErrorException e
        && (e.status() == 501 || e.status() == 505)) {
      return false;
    }
    Optional<Duration> hint = RetryAfterHint.find(error);
    return hint.isEmpty() || hint.get().compareTo(maxRetryAfter) <= 0;
  }
}
