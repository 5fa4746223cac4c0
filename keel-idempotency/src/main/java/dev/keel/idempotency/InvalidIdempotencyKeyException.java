package dev.keel.idempotency;

/**
 * The idempotency key is missing where required, empty, longer than 255 characters or contains a
 * character outside printable ASCII (0x20–0x7E). HTTP 400; nothing was claimed or run.
 */
public final class InvalidIdempotencyKeyException extends IdempotencyException {

  /** True when the key was absent rather than malformed. */
  private final boolean missing;

  /** A refusal with the given explanation. */
  public InvalidIdempotencyKeyException(String detail, boolean missing) {
    super(
        400,
        missing ? "idempotency-key-missing" : "idempotency-key-invalid",
        missing ? "Idempotency key missing" : "Idempotency key invalid",
        detail,
        null);
    this.missing = missing;
  }

  /** True when the key was absent rather than malformed. */
  public boolean missing() {
    return missing;
  }
}
