package dev.keel.examples.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /orders}:
 *
 * <pre>{@code
 * {"email": "ada@example.com", "currency": "EUR",
 *  "items": [{"sku": "BOOK-1", "quantity": 2, "priceCents": 1250}]}
 * }</pre>
 *
 * <p>Immutable once {@link #validate() validated}.
 *
 * @param email where the confirmation goes: one {@code @}, at most 254 characters
 * @param currency three upper-case letters
 * @param items 1–50 lines
 */
public record NewOrder(String email, String currency, List<OrderItem> items) {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Copies the items (a missing list stays null for {@link #validate()} to report). */
  public NewOrder {
    items = items == null ? null : List.copyOf(items);
  }

  /** Every problem with this request, each naming the field and the bad value; empty when valid. */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
      errors.add("email must be an address like ada@example.com, was " + quoted(email));
    }
    if (currency == null || !CURRENCY.matcher(currency).matches()) {
      errors.add("currency must be three upper-case letters like EUR, was " + quoted(currency));
    }
    if (items == null || items.isEmpty() || items.size() > 50) {
      errors.add("items must hold 1 to 50 lines, had " + (items == null ? "none" : items.size()));
    } else {
      for (int i = 0; i < items.size(); i++) {
        OrderItem item = items.get(i);
        if (item == null) {
          errors.add("items[" + i + "] must be an object");
          continue;
        }
        if (item.sku() == null || !SKU.matcher(item.sku()).matches()) {
          errors.add(
              "items["
                  + i
                  + "].sku must be 1-64 letters, digits, '.', '_' or '-', was "
                  + quoted(item.sku()));
        }
        if (item.quantity() < 1 || item.quantity() > 1000) {
          errors.add("items[" + i + "].quantity must be in 1..1000, was " + item.quantity());
        }
        if (item.priceCents() < 0 || item.priceCents() > 10_000_000) {
          errors.add(
              "items[" + i + "].priceCents must be in 0..10000000, was " + item.priceCents());
        }
      }
    }
    return errors;
  }

  private static String quoted(String value) {
    return value == null ? "missing" : "'" + value + "'";
  }
}
