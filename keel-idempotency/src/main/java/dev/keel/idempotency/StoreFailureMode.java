package dev.keel.idempotency;

/** What {@link IdempotencyExecutor} does when the store cannot be reached to claim a key. */
public enum StoreFailureMode {
  /**
   * The default: refuse with {@link StoreUnavailableException} (HTTP 503 with {@code Retry-After});
   * the operation does not run, so it can never run twice.
   */
  FAIL_CLOSED,
  /**
   * Run the operation without protection: availability over exactly-once. A retry during the outage
   * runs it again. Logged and counted as {@code fail_open}.
   */
  FAIL_OPEN
}
