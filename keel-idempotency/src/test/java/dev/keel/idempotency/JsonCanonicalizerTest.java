package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.idempotency.internal.JsonCanonicalizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class JsonCanonicalizerTest {

  @Test
  void sortsMembersDropsWhitespaceAndNormalisesEscapes() {
    assertThat(canon("{ \"b\" : [1, 2.50, {\"z\":null,\"a\":true}], \"a\":\"\\u0041\\/\\n\" }"))
        .isEqualTo("{\"a\":\"A/\\n\",\"b\":[1,2.50,{\"a\":true,\"z\":null}]}");
    assertThat(canon("  -0.5e+10 ")).isEqualTo("-0.5e+10");
    assertThat(canon("{}")).isEqualTo("{}");
    assertThat(canon("[ ]")).isEqualTo("[]");
    assertThat(canon("\"\\u00e9\\u0001\"")).isEqualTo("\"é\\u0001\"");
  }

  @Test
  void rejectsInvalidDocumentsSoTheRawBytesAreUsed() {
    for (String bad :
        List.of(
            "",
            "{",
            "{\"a\":1,}",
            "[1 2]",
            "{\"a\":1,\"a\":2}",
            "01",
            "1.",
            "tru",
            "{} x",
            "\"\u0001\"",
            "[".repeat(300) + "]".repeat(300))) {
      assertThat(JsonCanonicalizer.canonicalize(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad.length() > 40 ? "deep nesting" : bad)
          .isNull();
    }
  }

  @Property(tries = 200)
  void memberOrderAndWhitespaceNeverChangeTheCanonicalForm(
      @ForAll @Size(max = 8)
          Map<@StringLength(max = 6) String, @StringLength(max = 6) String> members,
      @ForAll long seed) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(members.entrySet());
    String a = render(entries, "");
    Collections.shuffle(entries, new Random(seed));
    String b = render(entries, " \n\t ");
    assertThat(canon(b)).isEqualTo(canon(a));
    assertThat(canon(canon(a))).isEqualTo(canon(a));
  }

  private static String render(List<Map.Entry<String, String>> entries, String ws) {
    StringBuilder sb = new StringBuilder("{" + ws);
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        sb.append(ws).append(',').append(ws);
      }
      sb.append(JsonCanonicalizer.quote(entries.get(i).getKey()))
          .append(ws)
          .append(':')
          .append(ws)
          .append(JsonCanonicalizer.quote(entries.get(i).getValue()));
    }
    return sb.append(ws).append('}').toString();
  }

  private static String canon(String json) {
    byte[] out = JsonCanonicalizer.canonicalize(json.getBytes(StandardCharsets.UTF_8));
    assertThat(out).as("canonical form of %s", json).isNotNull();
    return new String(out, StandardCharsets.UTF_8);
  }
}
