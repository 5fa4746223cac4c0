package dev.keel.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A dependency answered {@code 429 Too Many Requests} (after any retries). Counts as a failure for
 * the circuit breaker, since an overloaded dependency needs relief. Its {@code Retry-After} header,
 * if any, is available from {@link #retryAfter()} and is honoured by Keel's retries.
 *
 * <p>What to do: send less, or lower the client-side rate limit of this dependency to match the
 * quota it grants.
 *
 * <p>Immutable.
 */
public final class DependencyRateLimitedException extends DependencyException {

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
   * @param headers the response's headers
   * @param retryAfter the parsed {@code Retry-After} header, or {@code null}
   */
  public DependencyRateLimitedException(
      String message, String dependency, int attempts, HttpHeaders headers, Duration retryAfter) {
    super(message, dependency, attempts, 429, null);
    this.headers = Objects.requireNonNull(headers, "headers");
    this.retryAfter = retryAfter;
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
