package dev.keel.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of an idempotent operation as it is stored and replayed: a status code, the selected
 * headers and the body bytes. Outside HTTP, use status 200 for success and a 4xx status for a
 * rejected request; 5xx outcomes are never stored.
 *
 * <p>Immutable and thread-safe: the constructor copies the headers and the body, and {@link
 * #body()} returns a copy. Header names are lower-cased and sorted.
 *
 * @param status a status code in [100, 599]
 * @param headers header name to values; names are case-insensitive and stored lower-case
 * @param body the body bytes, possibly empty
 */
public record IdempotentResponse(int status, Map<String, List<String>> headers, byte[] body) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the status is outside [100, 599] or a header is blank
   */
  public IdempotentResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be in [100, 599], was " + status);
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    TreeMap<String, List<String>> copy = new TreeMap<>();
    headers.forEach(
        (name, values) -> {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("header names must not be blank, was " + name);
          }
          copy.merge(
              name.toLowerCase(Locale.ROOT),
              List.copyOf(values),
              (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        });
    headers = java.util.Collections.unmodifiableSortedMap(copy);
    body = body.clone();
  }

  /** A response with the given status and body and no headers. */
  public static IdempotentResponse of(int status, byte[] body) {
    return new IdempotentResponse(status, Map.of(), body);
  }

  /** A 200 response whose body is {@code text} in UTF-8. */
  public static IdempotentResponse ofUtf8(String text) {
    return of(200, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the body bytes. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyUtf8() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body length in bytes, without copying. */
  public int bodyLength() {
    return body.length;
  }

  /** The first value of header {@code name} (case-insensitive), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** True for 5xx: such outcomes are never stored, so a retry can run again. */
  public boolean isServerError() {
    return status >= 500;
  }

  /** A copy with the body removed (used when the body is over the size limit). */
  public IdempotentResponse withoutBody() {
    return new IdempotentResponse(status, headers, new byte[0]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdempotentResponse r
        && status == r.status
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "IdempotentResponse[status="
        + status
        + ", headers="
        + headers
        + ", body="
        + body.length
        + " bytes]";
  }
}
