package dev.keel.idempotency;

/**
 * The key was already used with a different request (another fingerprint). HTTP 422; checked before
 * the in-flight state, so a different body never gets a misleading 409.
 */
public final class IdempotencyKeyMismatchException extends IdempotencyException {

  /** A refusal with the given explanation. */
  public IdempotencyKeyMismatchException(String detail) {
    super(
        422,
        "idempotency-key-mismatch",
        "Idempotency key reused with another request",
        detail,
        null);
  }
}
