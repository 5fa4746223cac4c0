package dev.keel.idempotency.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rewrites a JSON document in a canonical form so that requests differing only in whitespace,
 * member order or string escapes fingerprint alike: no insignificant whitespace, object members
 * sorted by key (UTF-16 code units, as in RFC 8785), strings re-escaped minimally. Numbers are kept
 * as written ({@code 1.0} and {@code 1} stay different). Duplicate member names, nesting deeper
 * than 256 or any syntax error make the document non-canonicalisable.
 *
 * <p>Stateless parser per call; thread-safe.
 */
public final class JsonCanonicalizer {

  private static final int MAX_DEPTH = 256;

  private final String text;
  private int pos;

  private JsonCanonicalizer(String text) {
    this.text = text;
  }

  /** The canonical form of {@code json} (UTF-8), or {@code null} if it is not valid JSON. */
  public static byte[] canonicalize(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    JsonCanonicalizer parser = new JsonCanonicalizer(text);
    StringBuilder out = new StringBuilder(text.length());
    try {
      parser.skipWhitespace();
      parser.value(out, 0);
      parser.skipWhitespace();
      if (parser.pos != text.length()) {
        return null;
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code s} as a JSON string literal, minimally escaped. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    appendQuoted(out, s);
    return out.toString();
  }

  private void value(StringBuilder out, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("too deep");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> object(out, depth);
      case '[' -> array(out, depth);
      case '"' -> appendQuoted(out, string());
      case 't' -> literal(out, "true");
      case 'f' -> literal(out, "false");
      case 'n' -> literal(out, "null");
      default -> number(out);
    }
  }

  private void object(StringBuilder out, int depth) {
    pos++;
    Map<String, String> members = new TreeMap<>();
    skipWhitespace();
    if (text.charAt(pos) == '}') {
      pos++;
      out.append("{}");
      return;
    }
    while (true) {
      skipWhitespace();
      expect('"');
      pos--;
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      StringBuilder member = new StringBuilder();
      value(member, depth + 1);
      if (members.put(name, member.toString()) != null) {
        throw new IllegalArgumentException("duplicate member");
      }
      skipWhitespace();
      char c = text.charAt(pos++);
      if (c == '}') {
        break;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, String> m : members.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendQuoted(out, m.getKey());
      out.append(':').append(m.getValue());
    }
    out.append('}');
  }

  private void array(StringBuilder out, int depth) {
    pos++;
    out.append('[');
    skipWhitespace();
    if (text.charAt(pos) == ']') {
      pos++;
      out.append(']');
      return;
    }
    while (true) {
      skipWhitespace();
      value(out, depth + 1);
      skipWhitespace();
      char c = text.charAt(pos++);
      if (c == ']') {
        break;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or ]");
      }
      out.append(',');
    }
    out.append(']');
  }

  private String string() {
    expect('"');
    StringBuilder s = new StringBuilder();
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return s.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character in string");
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> {
          s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw new IllegalArgumentException("bad escape");
      }
    }
  }

  private void number(StringBuilder out) {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    out.append(text, start, pos);
  }

  private void digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == start) {
      throw new IllegalArgumentException("digit expected");
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void literal(StringBuilder out, String word) {
    if (!text.startsWith(word, pos)) {
      throw new IllegalArgumentException("unknown literal");
    }
    pos += word.length();
    out.append(word);
  }

  private void expect(char c) {
    if (text.charAt(pos++) != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
