package dev.keel.idempotency.internal;

import dev.keel.idempotency.InvalidIdempotencyKeyException;

/** The accepted shape of an idempotency key: 1–255 printable ASCII characters (0x20–0x7E). */
public final class KeyFormat {

  /** The longest accepted key. */
  public static final int MAX_LENGTH = 255;

  private KeyFormat() {}

  /**
   * Returns {@code key} if it is acceptable.
   *
   * @throws InvalidIdempotencyKeyException saying what is wrong; the key itself is not echoed
   */
  public static String validate(String key) {
    if (key == null) {
      throw new InvalidIdempotencyKeyException(
          "an idempotency key is required: send a unique value (e.g. a UUID) per operation", true);
    }
    if (key.isEmpty()) {
      throw new InvalidIdempotencyKeyException(
          "the idempotency key is empty: send 1 to " + MAX_LENGTH + " printable ASCII characters",
          false);
    }
    if (key.length() > MAX_LENGTH) {
      throw new InvalidIdempotencyKeyException(
          "the idempotency key has "
              + key.length()
              + " characters; at most "
              + MAX_LENGTH
              + " are allowed",
          false);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new InvalidIdempotencyKeyException(
            "the idempotency key has a character outside printable ASCII (0x20-0x7E) at index " + i,
            false);
      }
    }
    return key;
  }
}
