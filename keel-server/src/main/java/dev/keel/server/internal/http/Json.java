package dev.keel.server.internal.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The server's one JSON mapper (strict on input, ISO-8601 times on output). Thread-safe. */
public final class Json {

  /** Shared mapper; configure nothing on it after startup. */
  public static final ObjectMapper MAPPER = create();

  private Json() {}

  private static ObjectMapper create() {
    ObjectMapper m =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxNumberLength(100)
                .maxStringLength(64 * 1024 * 1024)
                .build());
    return m;
  }

  /**
   * Parses a request body that must be one JSON object.
   *
   * @throws Problem.Exception 400 {@code malformed-json} or {@code validation}
   */
  public static ObjectNode object(byte[] body) {
    JsonNode node = tree(body);
    if (!(node instanceof ObjectNode obj)) {
      throw Problems.validation("body", "must be a JSON object, got " + kind(node)).toException();
    }
    return obj;
  }

  /**
   * Parses any JSON document.
   *
   * @throws Problem.Exception 400 when the body is empty or not JSON
   */
  public static JsonNode tree(byte[] body) {
    if (body == null || body.length == 0) {
      throw Problems.malformedJson("the request body is empty; send a JSON object").toException();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw Problems.malformedJson("the request body is empty; send a JSON object").toException();
      }
      return node;
    } catch (JacksonException e) {
      throw Problems.malformedJson("the request body is not valid JSON: " + summary(e))
          .toException();
    } catch (java.io.IOException e) {
      throw Problems.malformedJson("the request body could not be read").toException();
    }
  }

  /** A user-facing name of a node's JSON type. */
  public static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String summary(JacksonException e) {
    String msg = e.getOriginalMessage();
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    msg = msg.lines().findFirst().orElse(msg);
    if (msg.length() > 200) {
      msg = msg.substring(0, 200) + "…";
    }
    var loc = e.getLocation();
    return loc == null
        ? msg
        : msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }
}
