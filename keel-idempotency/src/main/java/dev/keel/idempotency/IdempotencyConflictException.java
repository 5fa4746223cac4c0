package dev.keel.idempotency;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request with the same key and fingerprint is still in flight. HTTP 409 with {@code
 * Retry-After}; the operation did not run again.
 */
public final class IdempotencyConflictException extends IdempotencyException {

  private final Duration retryAfter;

  /** A refusal; {@code retryAfter} is the remaining lease of the in-flight request. */
  public IdempotencyConflictException(String detail, Duration retryAfter) {
    super(
        409,
        "idempotency-key-in-flight",
        "Request with this idempotency key in progress",
        detail,
        null);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.of(retryAfter);
  }
}
