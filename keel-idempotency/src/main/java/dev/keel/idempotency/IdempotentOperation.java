package dev.keel.idempotency;

/**
 * The work an {@link IdempotencyExecutor} runs at most once per key: returns the outcome to store
 * and replay. A thrown exception or a 5xx outcome is not stored; the claim is released so a retry
 * can run.
 */
@FunctionalInterface
public interface IdempotentOperation {

  /** Does the work once and describes its outcome. */
  IdempotentResponse run() throws Exception;
}
