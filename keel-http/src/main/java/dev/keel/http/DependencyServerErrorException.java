package dev.keel.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A dependency answered with a 5xx status (after any retries). Counts as a failure for the circuit
 * breaker. A {@code Retry-After} header on the response is available from {@link #retryAfter()} and
 * is honoured by Keel's retries.
 *
 * <p>What to do: the fault is on the dependency's side; {@link #status()} and {@link #headers()}
 * say what it answered.
 *
 * <p>Immutable.
 */
public final class DependencyServerErrorException extends DependencyException {

  /** The response's headers. */
  private final HttpHeaders headers;

  /** The parsed {@code Retry-After} header, or null. */
  private final Duration retryAfter;

  /**
   * Creates an exception.
   *
   * @param message what was answered
   * @param dependency the dependency's name
   * @param attempts network attempts made, at least 1
   * @param status the 5xx status received
   * @param headers the response's headers
   * @param retryAfter the parsed {@code Retry-After} header, or {@code null}
   */
  public DependencyServerErrorException(
      String message,
      String dependency,
      int attempts,
      int status,
      HttpHeaders headers,
      Duration retryAfter) {
    super(message, dependency, attempts, status, null);
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status must be 5xx, was " + status);
    }
    this.headers = Objects.requireNonNull(headers, "headers");
    this.retryAfter = retryAfter;
  }

  /** The 5xx status received. */
  public int status() {
    return lastStatus().orElseThrow();
  }

  /** The response's headers. */
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
