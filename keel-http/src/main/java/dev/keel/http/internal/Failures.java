package dev.keel.http.internal;

import dev.keel.http.DependencyConnectException;
import dev.keel.http.DependencyException;
import dev.keel.http.DependencyRateLimitedException;
import dev.keel.http.DependencyServerErrorException;
import dev.keel.http.DependencyTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * What counts as a failure of the dependency (for the breaker) and what may be retried. Stateless.
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
   * Whether a failed attempt may be followed by another (the request itself being safe to repeat is
   * decided per call): a dependency failure, except 501 and 505 (retrying cannot change them) and
   * an answer whose {@code Retry-After} is longer than {@code maxRetryAfter} (waiting less than
   * asked would only add load).
   */
  public static boolean isRetryable(Throwable error, Duration maxRetryAfter) {
    if (!isDependencyFailure(error)) {
      return false;
    }
    if (error instanceof DependencyServerErrorException e
        && (e.status() == 501 || e.status() == 505)) {
      return false;
    }
    Optional<Duration> hint = ((DependencyException) error).retryAfter();
    return hint.isEmpty() || hint.get().compareTo(maxRetryAfter) <= 0;
  }
}
