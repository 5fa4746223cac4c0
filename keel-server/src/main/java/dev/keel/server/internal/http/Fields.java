package dev.keel.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.server.internal.http.Problem.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the fields of one JSON object, collecting every error before answering (so a
 * client sees all its mistakes at once). Not thread-safe; one per request.
 */
public final class Fields {

  private final ObjectNode node;
  private final String prefix;
  private final List<FieldError> errors;

  /** Reads {@code node}; rejects fields not in {@code allowed}. */
  public Fields(ObjectNode node, Set<String> allowed) {
    this(node, "", allowed, new ArrayList<>());
  }

  private Fields(ObjectNode node, String prefix, Set<String> allowed, List<FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        error(name, "is not a known field (known: " + String.join(", ", allowed) + ")");
      }
    }
  }

  /** Fields of a nested object sharing this reader's error list. */
  public Fields nested(ObjectNode child, String path, Set<String> allowed) {
    return new Fields(child, prefix + path + ".", allowed, errors);
  }

  /** Records an error on {@code field}. */
  public void error(String field, String message) {
    errors.add(new FieldError(prefix + field, message));
  }

  /** Whether any error was recorded. */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Errors so far. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  /**
   * Throws when any error was recorded.
   *
   * @throws Problem.Exception 400 listing every field at fault
   */
  public void check() {
    if (!errors.isEmpty()) {
      throw Problems.validation(errors).toException();
    }
  }

  /** A required string of 1..maxLength characters matching {@code pattern} (may be null). */
  public String requiredString(String name, int maxLength, Pattern pattern, String shape) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      error(name, "is required");
      return null;
    }
    return string(name, v, maxLength, pattern, shape);
  }

  /** An optional string; null when absent. */
  public String optionalString(String name, int maxLength, Pattern pattern, String shape) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    return string(name, v, maxLength, pattern, shape);
  }

  private String string(String name, JsonNode v, int maxLength, Pattern pattern, String shape) {
    if (!v.isTextual()) {
      error(name, "must be a string, got " + Json.kind(v));
      return null;
    }
    String s = v.textValue();
    if (s.isEmpty()) {
      error(name, "must not be empty");
      return null;
    }
    if (s.length() > maxLength) {
      error(name, "must be at most " + maxLength + " characters, got " + s.length());
      return null;
    }
    if (pattern != null && !pattern.matcher(s).matches()) {
      error(name, "must be " + shape);
      return null;
    }
    return s;
  }

  /** An optional whole number in {@code [min, max]}; null when absent. */
  public Integer optionalInt(String name, int min, int max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      error(name, "must be a whole number " + min + ".." + max + ", got " + Json.kind(v));
      return null;
    }
    int i = v.intValue();
    if (i < min || i > max) {
      error(name, "must be " + min + ".." + max + ", got " + i);
      return null;
    }
    return i;
  }

  /** An optional boolean; null when absent. */
  public Boolean optionalBoolean(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      error(name, "must be true or false, got " + Json.kind(v));
      return null;
    }
    return v.booleanValue();
  }

  /** An optional ISO-8601 instant ({@code 2026-01-02T03:04:05Z}); null when absent. */
  public Instant optionalInstant(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      error(name, "must be an ISO-8601 instant string, got " + Json.kind(v));
      return null;
    }
    try {
      return Instant.parse(v.textValue());
    } catch (DateTimeParseException e) {
      error(name, "must be an ISO-8601 instant such as 2026-01-02T03:04:05Z");
      return null;
    }
  }

  /** An optional nested object; null when absent. */
  public ObjectNode optionalObject(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!(v instanceof ObjectNode o)) {
      error(name, "must be an object, got " + Json.kind(v));
      return null;
    }
    return o;
  }

  /** A required nested object. */
  public ObjectNode requiredObject(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      error(name, "is required");
      return null;
    }
    return optionalObject(name);
  }

  /** Any JSON value (payloads, results); null when absent. */
  public JsonNode optionalAny(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** A required JSON value of any type (JSON {@code null} counts as absent). */
  public JsonNode requiredAny(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      error(name, "is required");
      return null;
    }
    return v;
  }
}
