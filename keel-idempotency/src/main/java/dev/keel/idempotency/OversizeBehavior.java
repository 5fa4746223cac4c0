package dev.keel.idempotency;

/**
 * What {@link IdempotencyExecutor} does with an outcome whose body is larger than the configured
 * limit (1 MiB by default). Either way a warning is logged.
 */
public enum OversizeBehavior {
  /** The default: store nothing and release the claim, so a retry runs the operation again. */
  RELEASE,
  /**
   * Store the status and headers without the body, so a retry is answered with the same status (and
   * an empty body, marked by the header {@code Idempotent-Body-Omitted: true}) and the operation
   * never runs twice.
   */
  STORE_WITHOUT_BODY
}
