package dev.keel.examples.orders;

import java.util.List;

/**
 * Products to show next to an order. Immutable.
 *
 * @param items the recommended products, possibly none
 * @param degraded true when the recommendations service did not answer and these came from a
 *     fallback: the last good answer for the customer (stale) or the empty default
 */
public record Recommendations(List<Item> items, boolean degraded) {

  /** Copies the items. */
  public Recommendations {
    items = List.copyOf(items);
  }

  /**
   * One recommended product.
   *
   * @param sku the product
   * @param title its name
   */
  public record Item(String sku, String title) {}
}
