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

  /** Which time limit ran out. */
  private final Kind kind;

  /**
   * Creates an exception.
   *
   * @param message what timed out
   * @param dependency the dependency's name
   * @param attempts network attempts made, at least 0
   * @param lastStatus the latest HTTP status received for the call, or 0 for none
   * @param kind which time limit ran out
   * @param timeout the timeout that expired
   * @param cause the underlying failure, or {@code null}
   */
  public DependencyTimeoutException(
      String message,
      String dependency,
      int attempts,
      int lastStatus,
      Kind kind,
      Duration timeout,
      Throwable cause) {
    super(message, dependency, attempts, lastStatus, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Which time limit ran out. */
  public Kind kind() {
    return kind;
  }

  /** The timeout that expired. */
  public Duration timeout() {
    return timeout;
  }

  /** Which time limit ran out. */
  public enum Kind {
    /** The connection was not established within {@code connectTimeout}. */
    CONNECT,
    /**
     * The response (head and body) did not arrive within the attempt's timeout: the shortest of
     * {@code requestTimeout}, the request's own timeout and the caller's remaining deadline.
     */
    RESPONSE,
    /**
     * The caller's {@link dev.keel.core.Deadline} was spent before a (further) request could be
     * sent; not retried and not counted against the dependency by the breaker.
     */
    DEADLINE
  }
}
