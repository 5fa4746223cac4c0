package dev.keel.server.internal.auth;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks {@code Authorization: Bearer <token>} against the admin token's SHA-256. Only the hash is
 * held; the comparison is constant-time ({@link MessageDigest#isEqual}) over fixed-length digests,
 * so neither the token's length nor a matching prefix leaks through timing. Immutable and
 * thread-safe.
 */
public final class Authenticator {

  private final byte[] expectedHash;
  private final boolean enabled;

  private Authenticator(byte[] expectedHash, boolean enabled) {
    this.expectedHash = expectedHash;
    this.enabled = enabled;
  }

  /** Accepts the token whose SHA-256 hex is {@code sha256Hex}. */
  public static Authenticator ofHash(String sha256Hex) {
    return new Authenticator(HexFormat.of().parseHex(sha256Hex), true);
  }

  /** Accepts every request (auth switched off explicitly with {@code KEEL_AUTH=off}). */
  public static Authenticator disabled() {
    return new Authenticator(new byte[32], false);
  }

  /** Whether requests are checked at all. */
  public boolean enabled() {
    return enabled;
  }

  /** The outcome of a check. */
  public enum Result {
    /** The token matches (or auth is off). */
    OK,
    /** No {@code Authorization} header. */
    MISSING,
    /** Not a {@code Bearer} credential. */
    MALFORMED,
    /** A bearer token that is not the admin token. */
    WRONG
  }

  /** Checks an {@code Authorization} header value (null when absent). */
  public Result check(String authorization) {
    if (!enabled) {
      return Result.OK;
    }
    if (authorization == null || authorization.isBlank()) {
      return Result.MISSING;
    }
    String a = authorization.strip();
    if (a.length() < 7 || !a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Result.MALFORMED;
    }
    String token = a.substring(7).strip();
    if (token.isEmpty()) {
      return Result.MALFORMED;
    }
    return MessageDigest.isEqual(Tokens.sha256(token), expectedHash) ? Result.OK : Result.WRONG;
  }
}
