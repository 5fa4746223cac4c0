package dev.keel.examples.orders;

import java.time.Duration;

/**
 * What the payment service answered to a charge. The failures it can have instead are exceptions:
 * {@link PaymentUnavailableException} (retry later with the same key) and {@link
 * PaymentRejectedException} (our request broke the contract).
 */
public sealed interface PaymentOutcome {

  /**
   * 201 (new charge) or 200 (the payment service had already made this charge for the same {@code
   * Idempotency-Key} and answers it again).
   *
   * @param chargeId the charge
   * @param replayed true for the 200 answer
   */
  record Charged(String chargeId, boolean replayed) implements PaymentOutcome {}

  /**
   * 402: the charge was declined; final for this order.
   *
   * @param declineCode the payment service's reason, e.g. {@code insufficient_funds}
   */
  record Declined(String declineCode) implements PaymentOutcome {}

  /**
   * 409: a charge with this key is still being processed; ask again after {@code retryAfter}.
   *
   * @param retryAfter the payment service's {@code Retry-After} [1 s when it gave none]
   */
  record InProgress(Duration retryAfter) implements PaymentOutcome {}
}
