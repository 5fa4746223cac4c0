package dev.keel.jobs.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON helpers: one shared mapper, canonical form and operation hashes. Thread-safe. */
public final class Json {

  /**
   * The mapper for payloads and results; configured once, then only read. Its parse and write
   * buffers come from one shared pool: the default pool is per thread, and jobs run on virtual
   * threads that each start empty, so every payload read allocated fresh buffers (~1 KiB a job).
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  private Json() {}

  /**
   * Parses {@code text} strictly (one JSON value, nothing after it).
   *
   * @throws JsonProcessingException when it is not well-formed JSON
   */
  public static JsonNode parse(String text) throws JsonProcessingException {
    JsonNode node = MAPPER.readTree(text);
    if (node == null || node.isMissingNode()) {
      throw new JsonProcessingException("empty document") {};
    }
    return node;
  }

  /** Compact serialisation of {@code value}. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot serialise " + value.getClass().getName() + " to JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /** The canonical form: object keys sorted recursively, no whitespace. */
  public static String canonical(JsonNode node) {
    return write(sorted(node));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> out.add(sorted(child)));
      return out;
    }
    return node;
  }

  /** Hex SHA-256 of {@code type}, a NUL byte and {@code canonicalPayload}. */
  public static String operationHash(String type, String canonicalPayload) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(type.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(canonicalPayload.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Hex SHA-256 of an explicit key (so stored hashes have one shape). */
  public static String keyHash(String key) {
    return operationHash("keel.key", key);
  }

  /** Reads a stored errors array (objects with epoch-millisecond times). */
  public static List<Map<String, Object>> readErrors(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      List<Map<String, Object>> out = new ArrayList<>();
      for (JsonNode entry : node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.convertValue(entry, Map.class);
        out.add(map);
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored errors column is not JSON", e);
    }
  }
}
