package dev.keel.bench.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code PREFIX key=value\tkey=value…} lines between the child JVM and the parent. */
final class Lines {

  private Lines() {}

  static String encode(String prefix, Map<String, String> fields) {
    StringBuilder out = new StringBuilder(prefix);
    fields.forEach(
        (k, v) -> out.append(k).append('=').append(v.replaceAll("[\\t\\r\\n]", " ")).append('\t'));
    return out.toString().stripTrailing();
  }

  static Map<String, String> decode(String prefix, String line) {
    if (!line.startsWith(prefix)) {
      throw new IllegalArgumentException("not a " + prefix.strip() + " line: " + line);
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : line.substring(prefix.length()).split("\t")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }
}
