package dev.keel.examples.orders.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Order ids derived from the customer and the request's {@code Idempotency-Key}: {@code ord_} + the
 * first 24 hex digits of SHA-256(customer, key). A repeat of a request reaches the same order (even
 * after its idempotency record expired), two customers using the same key get different orders, and
 * the id is what the payment call sends as its own {@code Idempotency-Key}: the order's key, scoped
 * by customer.
 */
public final class OrderIds {

  private OrderIds() {}

  /** The id of the order {@code customerId} placed with {@code idempotencyKey}. */
  public static String of(String customerId, String idempotencyKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(customerId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "ord_" + HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
