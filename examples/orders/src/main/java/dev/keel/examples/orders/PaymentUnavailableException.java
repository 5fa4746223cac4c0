package dev.keel.examples.orders;

import dev.keel.http.DependencyException;
import java.time.Duration;
import java.util.Optional;

/**
 * The payment service could not be reached or did not answer usefully: every attempt failed (5xx,
 * 429, timeout, broken connection) or the breaker is open and no request was sent. The charge may
 * or may not have happened; repeating the order with the same {@code Idempotency-Key} is safe, as
 * the payment call reuses its key. Unchecked.
 */
public final class PaymentUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient DependencyException failure;

  /** Wraps the keel-http failure. */
  public PaymentUnavailableException(DependencyException failure) {
    super("payment service unavailable: " + failure.getMessage(), failure);
    this.failure = failure;
  }

  /** keel-http's failure: its type says what happened, {@code attempts()} how many were sent. */
  public DependencyException failure() {
    return failure;
  }

  /** When to try again: the payment service's {@code Retry-After} or the breaker's cooldown. */
  public Optional<Duration> retryAfter() {
    return failure.retryAfter();
  }
}
