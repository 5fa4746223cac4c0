package dev.keel.http;

/**
 * The connection to a dependency could not be made or broke before a complete response arrived:
 * connection refused, reset by the peer, closed mid-response, or an unknown host. Counts as a
 * failure for the circuit breaker and is retried when the request is safe to retry.
 *
 * <p>What to do: check that the dependency runs and that its base URL (the {@code <NAME>_URL}
 * environment variable) points at it.
 *
 * <p>Immutable.
 */
public final class DependencyConnectException extends DependencyException {

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param dependency the dependency's name
   * @param attempts network attempts made, at least 0
   * @param lastStatus the latest HTTP status received for the call, or 0 for none
   * @param cause the underlying I/O failure, or {@code null}
   */
  public DependencyConnectException(
      String message, String dependency, int attempts, int lastStatus, Throwable cause) {
    super(message, dependency, attempts, lastStatus, cause);
  }
}
