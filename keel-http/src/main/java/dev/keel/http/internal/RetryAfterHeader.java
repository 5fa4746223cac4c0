package dev.keel.http.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code Retry-After} (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. Stateless.
 */
public final class RetryAfterHeader {

  private RetryAfterHeader() {}

  /**
   * The delay a response asks for, or null when it has no valid {@code Retry-After}.
   *
   * @param headers the response's headers
   * @param now the current wall-clock time, for the HTTP-date form
   * @return a non-negative delay (a date in the past gives zero), or null
   */
  public static Duration parse(HttpHeaders headers, Instant now) {
    return headers.firstValue("Retry-After").map(v -> parse(v, now)).orElse(null);
  }

  /** Parses one header value; null when it is neither form. */
  public static Duration parse(String value, Instant now) {
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return null; // more digits than a long: nonsense, ignore like a missing header
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
