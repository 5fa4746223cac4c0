package dev.keel.idempotency;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The idempotency store could not be reached. Stores throw it; the executor, failing closed by
 * default, passes it on without running the operation, and the HTTP adapters answer 503 with {@code
 * Retry-After}.
 */
public final class StoreUnavailableException extends IdempotencyException {

  private final Duration retryAfter;

  /** A store failure with the suggested retry delay. */
  public StoreUnavailableException(String detail, Duration retryAfter, Throwable cause) {
    super(503, "idempotency-store-unavailable", "Idempotency store unavailable", detail, cause);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** A store failure with the default retry delay of 5 seconds. */
  public StoreUnavailableException(String detail, Throwable cause) {
    this(detail, Duration.ofSeconds(5), cause);
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.of(retryAfter);
  }

  /** A copy that suggests another retry delay. */
  public StoreUnavailableException withRetryAfter(Duration delay) {
    StoreUnavailableException copy = new StoreUnavailableException(getMessage(), delay, getCause());
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}
