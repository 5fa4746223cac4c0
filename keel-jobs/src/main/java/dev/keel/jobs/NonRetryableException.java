package dev.keel.jobs;

/**
 * Thrown by a handler (directly or as the cause chain's first element) to dead-letter the job at
 * once without further attempts, e.g. for a payload that can never succeed.
 */
public class NonRetryableException extends RuntimeException {

  /** A permanent failure explained by {@code message}. */
  public NonRetryableException(String message) {
    super(message);
  }

  /** A permanent failure explained by {@code message}, caused by {@code cause}. */
  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
