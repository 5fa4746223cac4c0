package dev.keel.examples.orders;

/**
 * One line of an order. Immutable.
 *
 * @param sku the product, 1–64 characters
 * @param quantity how many, 1–1000
 * @param priceCents the unit price in cents, 0–10,000,000
 */
public record OrderItem(String sku, int quantity, long priceCents) {

  /** The line's total in cents. */
  public long totalCents() {
    return quantity * priceCents;
  }
}
