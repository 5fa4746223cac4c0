package dev.keel.examples.orders;

/**
 * The email service refused the message itself (4xx: 400 without an {@code Idempotency-Key}, 422
 * for an address it cannot deliver to). Retrying cannot help, so the job handler dead-letters the
 * job at once. Unchecked.
 */
public final class EmailRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /** The status and a short excerpt of the answer. */
  public EmailRejectedException(int status, String detail) {
    super("email service rejected the message with " + status + ": " + detail);
    this.status = status;
  }

  /** The HTTP status the email service answered. */
  public int status() {
    return status;
  }
}
