package dev.keel.http;

import dev.keel.core.Criticality;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A dependency is temporarily unavailable: Keel refused the call without sending it. Thrown at
 * once, without waiting on any timeout, so a failing critical dependency fails requests fast.
 *
 * <p>What to do: answer your own caller with "temporarily unavailable" (e.g. 503 with {@link
 * #retryAfter()} as {@code Retry-After}), or declare the dependency {@link Criticality#OPTIONAL}
 * with a fallback if the service can do without it.
 *
 * <p>Immutable.
 */
public final class DependencyUnavailableException extends DependencyException {

  /** Why Keel refused the call. */
  private final Reason reason;

  /** When a retry may succeed, or null when unknown. */
  private final Duration retryAfter;

  /**
   * Creates an exception.
   *
   * @param message why the call was refused and what to do
   * @param dependency the dependency's name
   * @param attempts network attempts made for this call before it was refused, at least 0
   * @param lastStatus the latest HTTP status received for this call, or 0 for none
   * @param reason why the call was refused
   * @param retryAfter when a retry may succeed, or {@code null} when unknown
   * @param cause the policy's own exception, or {@code null}
   */
  public DependencyUnavailableException(
      String message,
      String dependency,
      int attempts,
      int lastStatus,
      Reason reason,
      Duration retryAfter,
      Throwable cause) {
    super(message, dependency, attempts, lastStatus, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = retryAfter;
  }

  /** Why Keel refused the call. */
  public Reason reason() {
    return reason;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Why a call was refused without being sent. */
  public enum Reason {
    /** The circuit breaker is open (or half-open with its probe already in flight). */
    CIRCUIT_OPEN,
    /** The bulkhead's concurrent-call limit is reached. */
    BULKHEAD_FULL,
    /** The client-side rate limit is exhausted. */
    RATE_LIMITED
  }
}
