package dev.keel.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A dependency did not accept the connection or did not answer within the configured timeout (or
 * the remaining deadline of the caller, when that was shorter). Counts as a failure for the circuit
 * breaker and is retried when the request is safe to retry.
 *
 * <p>What to do: if the dependency is legitimately slow, raise its {@code requestTimeout};
 * otherwise it is overloaded or hung.
 *
 * <p>Immutable.
 */
public final class DependencyTimeoutException extends DependencyException {

  /** The timeout that expired. */
  private final Duration timeout;

  /**
   * Creates an exception.
   *
   * @param message what timed out
   * @param dependency the dependency's name
   * @param attempts network attempts made, at least 0
   * @param lastStatus the latest HTTP status received for the call, or 0 for none
   * @param timeout the timeout that expired
   * @param cause the underlying failure, or {@code null}
   */
  public DependencyTimeoutException(
      String message,
      String dependency,
      int attempts,
      int lastStatus,
      Duration timeout,
      Throwable cause) {
    super(message, dependency, attempts, lastStatus, cause);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The timeout that expired. */
  public Duration timeout() {
    return timeout;
  }
}
