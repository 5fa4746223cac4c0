package dev.keel.server.internal.http;

import dev.keel.server.internal.http.Problem.FieldError;
import java.util.List;
import java.util.Map;

/** Factories for every problem the API answers with; one stable {@code type} per kind. */
public final class Problems {

  private Problems() {}

  /** 400: the request was invalid; {@code errors} names the fields. */
  public static Problem validation(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.getFirst().field() + ": " + errors.getFirst().message()
            : errors.size() + " fields are invalid; see errors";
    return of("validation", "Invalid request", 400, detail, errors, Map.of());
  }

  /** 400 for one field. */
  public static Problem validation(String field, String message) {
    return validation(List.of(new FieldError(field, message)));
  }

  /** 400: the body is not JSON. */
  public static Problem malformedJson(String detail) {
    return of(
        "malformed-json",
        "Malformed JSON",
        400,
        detail,
        List.of(new FieldError("body", detail)),
        Map.of());
  }

  /** 401: missing or wrong token. */
  public static Problem unauthorized(String detail) {
    return of(
        "unauthorized",
        "Unauthorized",
        401,
        detail,
        List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"keel\""));
  }

  /** 404. */
  public static Problem notFound(String detail) {
    return of("not-found", "Not found", 404, detail, List.of(), Map.of());
  }

  /** 405. */
  public static Problem methodNotAllowed(String detail) {
    return of("method-not-allowed", "Method not allowed", 405, detail, List.of(), Map.of());
  }

  /** 409 with a specific type suffix (e.g. {@code job-running}, {@code lease-lost}). */
  public static Problem conflict(String type, String title, String detail) {
    return of(type, title, 409, detail, List.of(), Map.of());
  }

  /** 413: the body is larger than the configured limit. */
  public static Problem tooLarge(long limit) {
    return of(
        "too-large",
        "Request body too large",
        413,
        "the request body exceeds the limit of "
            + limit
            + " bytes (KEEL_MAX_REQUEST_BYTES); send less, or split a batch",
        List.of(new FieldError("body", "larger than " + limit + " bytes")),
        Map.of());
  }

  /** 415. */
  public static Problem unsupportedMediaType(String got) {
    return of(
        "unsupported-media-type",
        "Unsupported media type",
        415,
        "send the body as application/json (got '" + got + "')",
        List.of(new FieldError("Content-Type", "must be application/json")),
        Map.of());
  }

  /** 429 with {@code Retry-After}. */
  public static Problem rateLimited(String detail, long retryAfterSeconds) {
    return of(
        "rate-limited",
        "Too many requests",
        429,
        detail,
        List.of(),
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  /** 503 with {@code Retry-After}: overloaded, draining or a store down. */
  public static Problem unavailable(String type, String detail, long retryAfterSeconds) {
    return of(
        type,
        "Service unavailable",
        503,
        detail,
        List.of(),
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  /** 500: never with internals in the detail. */
  public static Problem internal(String requestId) {
    return of(
        "internal",
        "Internal server error",
        500,
        "the server failed to handle the request; it has been logged with request id " + requestId,
        List.of(),
        Map.of());
  }

  /** Any problem with a {@code type} under {@link Problem#TYPE_BASE}. */
  public static Problem of(
      String typeSuffix,
      String title,
      int status,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    return new Problem(Problem.TYPE_BASE + typeSuffix, title, status, detail, errors, headers);
  }
}
