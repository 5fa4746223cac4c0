package dev.keel.examples.orders;

/**
 * The payment service refused the request itself (a 4xx other than 402 and 409, e.g. 400 when the
 * {@code Idempotency-Key} is missing): the client and the contract disagree. Not retried.
 * Unchecked.
 */
public final class PaymentRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /** The status and a short excerpt of the answer. */
  public PaymentRejectedException(int status, String detail) {
    super("payment service rejected the charge request with " + status + ": " + detail);
    this.status = status;
  }

  /** The HTTP status the payment service answered. */
  public int status() {
    return status;
  }
}
