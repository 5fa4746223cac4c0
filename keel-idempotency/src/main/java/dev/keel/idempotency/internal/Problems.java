package dev.keel.idempotency.internal;

import dev.keel.idempotency.IdempotencyException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** RFC 9457 problem details ({@code application/problem+json}) for the HTTP adapters. */
public final class Problems {

  /** The media type of a problem document. */
  public static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  /** A problem answer: status, optional {@code Retry-After} seconds and the JSON body. */
  public record Problem(int status, String retryAfterSeconds, byte[] body) {}

  /** The answer for {@code e}. */
  public static Problem of(IdempotencyException e) {
    return of(
        e.status(),
        e.type(),
        e.title(),
        e.getMessage(),
        e.retryAfter().map(Problems::seconds).orElse(null));
  }

  /** An answer with the given fields; {@code retryAfterSeconds} may be null. */
  public static Problem of(
      int status, URI type, String title, String detail, String retryAfterSeconds) {
    String json =
        "{\"type\":"
            + JsonCanonicalizer.quote(type.toString())
            + ",\"title\":"
            + JsonCanonicalizer.quote(title)
            + ",\"status\":"
            + status
            + (detail == null ? "" : ",\"detail\":" + JsonCanonicalizer.quote(detail))
            + "}";
    return new Problem(status, retryAfterSeconds, json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
  public static String seconds(Duration d) {
    long millis = Math.max(0, d.toMillis());
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }
}
