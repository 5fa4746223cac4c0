package dev.keel.http;

import dev.keel.core.Criticality;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The response an {@link Criticality#OPTIONAL} dependency's client returns instead of failing: a
 * status, headers and a body, converted for the caller by the call's own {@link
 * java.net.http.HttpResponse.BodyHandler} exactly as a real response would be.
 *
 * <p>Responses served as fallbacks carry the header {@value KeelHttpClient#FALLBACK_HEADER} ({@code
 * default} for this kind, {@code stale} for a cached last good response), so callers can tell.
 *
 * <p>Immutable: the body is copied in and out.
 *
 * @param status the HTTP status to report, 100..599
 * @param headers the headers to report
 * @param body the body bytes
 */
public record FallbackResponse(int status, HttpHeaders headers, byte[] body) {

  /** Validates the status and copies the body. */
  public FallbackResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be in 100..599, was " + status);
    }
    Objects.requireNonNull(headers, "headers");
    body = Objects.requireNonNull(body, "body").clone();
  }

  /** A response with the given status and a UTF-8 text body, e.g. {@code of(200, "[]")}. */
  public static FallbackResponse of(int status, String body) {
    return new FallbackResponse(
        status, HttpHeaders.of(Map.of(), (k, v) -> true), body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A response with the given status, a UTF-8 JSON body and {@code Content-Type: application/json}.
   */
  public static FallbackResponse json(int status, String json) {
    return new FallbackResponse(
        status,
        HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (k, v) -> true),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FallbackResponse that
        && status == that.status
        && headers.equals(that.headers)
        && java.util.Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "FallbackResponse[status=" + status + ", body=" + body.length + " bytes]";
  }
}
