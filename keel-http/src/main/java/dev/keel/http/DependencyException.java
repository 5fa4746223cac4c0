package dev.keel.http;

import dev.keel.core.RetryAfterHint;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call to a downstream dependency failed in a way the caller can act on. Each kind of failure has
 * its own subtype, so callers can catch precisely what they handle:
 *
 * <ul>
 *   <li>{@link DependencyTimeoutException}: no connection or no response in time;
 *   <li>{@link DependencyConnectException}: the connection could not be made or broke (refused,
 *       reset, closed mid-response, unknown host);
 *   <li>{@link DependencyServerErrorException}: the dependency answered 5xx;
 *   <li>{@link DependencyRateLimitedException}: the dependency answered 429;
 *   <li>{@link DependencyUnavailableException}: Keel refused the call without sending it, because
 *       the circuit breaker is open, the bulkhead is full or the local rate limit is exhausted.
 * </ul>
 *
 * <p>Every instance names the dependency, the number of network attempts made for the call (0 when
 * none was sent) and the latest HTTP status received, if any. Responses with 4xx statuses other
 * than 429 are not failures: they are returned to the caller like any response.
 *
 * <p>Implements keel-core's {@link RetryAfterHint}, so a {@code Retry} waits at least as long as a
 * {@code Retry-After} header asked.
 *
 * <p>Immutable and unchecked.
 */
public abstract sealed class DependencyException extends RuntimeException implements RetryAfterHint
    permits DependencyTimeoutException,
        DependencyConnectException,
        DependencyServerErrorException,
        DependencyRateLimitedException,
        DependencyUnavailableException {

  /** The dependency's name. */
  private final String dependency;

  /** Network attempts made for the call, at least 0. */
  private final int attempts;

  /** The latest HTTP status received for the call, or 0 when none was received. */
  private final int lastStatus;

  /**
   * Creates an exception.
   *
   * @param message what happened and what to do about it
   * @param dependency the dependency's name
   * @param attempts network attempts made for the call, at least 0
   * @param lastStatus the latest HTTP status received, or 0 for none
   * @param cause the underlying failure, or {@code null}
   */
  protected DependencyException(
      String message, String dependency, int attempts, int lastStatus, Throwable cause) {
    super(message, cause);
    this.dependency = Objects.requireNonNull(dependency, "dependency");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
    }
    if (lastStatus != 0 && (lastStatus < 100 || lastStatus > 999)) {
      throw new IllegalArgumentException("lastStatus must be 0 or 100..999, was " + lastStatus);
    }
    this.attempts = attempts;
    this.lastStatus = lastStatus;
  }

  /** The dependency's name, e.g. {@code payment-service}. */
  public String dependency() {
    return dependency;
  }

  /** The number of requests sent over the network for this call; 0 when none was sent. */
  public int attempts() {
    return attempts;
  }

  /** The latest HTTP status received for this call, if any response arrived at all. */
  public OptionalInt lastStatus() {
    return lastStatus == 0 ? OptionalInt.empty() : OptionalInt.of(lastStatus);
  }

  /**
   * How long the dependency (or Keel's breaker) asked callers to wait before trying again, if it
   * said so: a {@code Retry-After} header, or the breaker's remaining cooldown.
   */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  /** The same as {@link #retryAfter()}, for keel-core's {@code Retry}. */
  @Override
  public Optional<Duration> retryAfterHint() {
    return retryAfter();
  }
}
