package dev.keel.idempotency.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable claim tokens: 128 random bits from {@link SecureRandom}, as 32 hex digits. */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A fresh token. */
  public static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
