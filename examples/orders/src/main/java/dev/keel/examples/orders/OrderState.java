package dev.keel.examples.orders;

import java.util.Locale;

/**
 * Where an order is. Every state but {@link #PAID} and {@link #DECLINED} can change when the client
 * repeats {@code POST /orders} with the same {@code Idempotency-Key} (the repeat reaches the same
 * order and the payment service deduplicates the charge).
 */
public enum OrderState {
  /** Created; the charge is being made, or the payment service said it is still processing it. */
  PENDING_PAYMENT,
  /** Charged; the confirmation email is queued. */
  PAID,
  /** The payment service declined the charge (402). Final. */
  DECLINED,
  /**
   * The payment service was unavailable (5xx, 429, timeout, breaker open) or refused the request; a
   * repeat with the same key tries again and cannot charge twice.
   */
  PAYMENT_FAILED;

  /** The lower-case form used in JSON: {@code pending_payment}, {@code paid}, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
