package dev.keel.http.internal;

import java.net.URI;

/**
 * Makes URLs safe to log: no query string (it often carries tokens and personal data), no fragment
 * and no user-info (credentials). Stateless.
 */
public final class Redaction {

  private Redaction() {}

  /** {@code scheme://host[:port]/path} of a URI: no credentials, query or fragment. */
  public static String safeUrl(URI uri) {
    if (uri.getHost() == null) {
      return redact(uri.toString());
    }
    StringBuilder out = new StringBuilder(64);
    out.append(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    out.append(path == null || path.isEmpty() ? "/" : path);
    return out.toString();
  }

  /** A best-effort redaction of a string that may not parse as a URI. */
  static String redact(String text) {
    String s = stripQuery(text);
    int scheme = s.indexOf("://");
    int at = s.indexOf('@', scheme < 0 ? 0 : scheme + 3);
    int slash = s.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    if (scheme >= 0 && at >= 0 && (slash < 0 || at < slash)) {
      s = s.substring(0, scheme + 3) + "***@" + s.substring(at + 1);
    }
    return s;
  }

  /** Everything before the first '?' or '#'. */
  static String stripQuery(String text) {
    int cut = text.length();
    int q = text.indexOf('?');
    int h = text.indexOf('#');
    if (q >= 0) {
      cut = q;
    }
    if (h >= 0 && h < cut) {
      cut = h;
    }
    return text.substring(0, cut);
  }
}
