package dev.keel.idempotency;

import dev.keel.idempotency.internal.JsonCanonicalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns a request into the fingerprint stored with its idempotency key: a repeat with the same key
 * and another fingerprint is refused with 422. Implementations must be deterministic and
 * thread-safe.
 */
@FunctionalInterface
public interface RequestFingerprinter {

  /**
   * The fingerprint of a request.
   *
   * @param method the HTTP method, e.g. {@code POST}
   * @param path the request path without the query string
   * @param contentType the {@code Content-Type} header, or {@code null}
   * @param body the request body, possibly empty
   */
  String fingerprint(String method, String path, String contentType, byte[] body);

  /**
   * The default: SHA-256 (hex) of the method, the path and the body — canonical JSON (members
   * sorted, no insignificant whitespace) when the content type is JSON ({@code application/json} or
   * {@code +json}) and the body parses, the raw bytes otherwise.
   */
  static RequestFingerprinter standard() {
    return (method, path, contentType, body) -> {
      byte[] canonical = isJson(contentType) ? JsonCanonicalizer.canonicalize(body) : null;
      return canonical != null
          ? sha256(method, path, 'J', canonical)
          : sha256(method, path, 'R', body);
    };
  }

  /** SHA-256 (hex) of the method, the path and the raw body bytes; no JSON canonicalisation. */
  static RequestFingerprinter rawBody() {
    return (method, path, contentType, body) -> sha256(method, path, 'R', body);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }

  private static String sha256(String method, String path, char kind, byte[] body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(method.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(path.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update((byte) kind);
      digest.update(body);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
