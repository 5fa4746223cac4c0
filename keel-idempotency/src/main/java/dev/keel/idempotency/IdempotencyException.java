package dev.keel.idempotency;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Why an idempotent request was refused. Each subclass carries the HTTP status the adapters answer
 * with and a stable RFC 9457 problem {@link #type()} URI, so callers outside HTTP can map it too.
 */
public abstract sealed class IdempotencyException extends RuntimeException
    permits InvalidIdempotencyKeyException,
        IdempotencyKeyMismatchException,
        IdempotencyConflictException,
        StoreUnavailableException {

  /** The base of every problem type URI. */
  public static final String PROBLEM_BASE = "https://keel.dev/problems/";

  private final int status;
  private final URI type;
  private final String title;

  IdempotencyException(int status, String slug, String title, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.type = URI.create(PROBLEM_BASE + slug);
    this.title = title;
  }

  /** The HTTP status code an adapter answers with. */
  public int status() {
    return status;
  }

  /** The stable problem type URI (RFC 9457 {@code type}). */
  public URI type() {
    return type;
  }

  /** A short, stable summary of the problem type (RFC 9457 {@code title}). */
  public String title() {
    return title;
  }

  /** When the client may retry, if the answer carries {@code Retry-After}. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
