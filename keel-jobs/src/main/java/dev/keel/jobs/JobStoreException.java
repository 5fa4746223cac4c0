package dev.keel.jobs;

/**
 * The store failed (database unreachable, constraint broken, ...). The operation may or may not
 * have committed only where the method says so; enqueue and the fenced updates are atomic.
 */
public class JobStoreException extends RuntimeException {

  /** A store failure described by {@code message}, caused by {@code cause}. */
  public JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
