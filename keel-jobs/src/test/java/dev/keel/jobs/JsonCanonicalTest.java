package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.keel.jobs.internal.Json;
import org.junit.jupiter.api.Test;

class JsonCanonicalTest {

  @Test
  void canonicalFormSortsKeysRecursivelyAndDropsWhitespace() throws Exception {
    String a =
        Json.canonical(
            Json.parse("{\"b\": {\"y\": [3, {\"d\":1, \"c\":2}], \"x\": null}, \"a\": 1.5}"));
    assertThat(a).isEqualTo("{\"a\":1.5,\"b\":{\"x\":null,\"y\":[3,{\"c\":2,\"d\":1}]}}");
  }

  @Test
  void operationHashDependsOnTypeAndCanonicalPayloadOnly() throws Exception {
    String h1 = Json.operationHash("t", Json.canonical(Json.parse("{\"a\":1,\"b\":2}")));
    String h2 = Json.operationHash("t", Json.canonical(Json.parse("{ \"b\":2, \"a\":1 }")));
    String other = Json.operationHash("u", Json.canonical(Json.parse("{\"a\":1,\"b\":2}")));
    assertThat(h1).isEqualTo(h2).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(other).isNotEqualTo(h1);
    // array order is data, not formatting
    assertThat(Json.operationHash("t", Json.canonical(Json.parse("[1,2]"))))
        .isNotEqualTo(Json.operationHash("t", Json.canonical(Json.parse("[2,1]"))));
  }

  @Test
  void parseIsStrict() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1} {\"b\":2}"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.parse("{'a':1}")).isInstanceOf(JsonProcessingException.class);
  }
}
