package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestFingerprinterTest {

  private final RequestFingerprinter standard = RequestFingerprinter.standard();

  @Test
  void jsonBodiesAreComparedCanonically() {
    assertThat(fp("POST", "/a", "application/json; charset=utf-8", "{\"x\":1,\"y\":2}"))
        .isEqualTo(fp("POST", "/a", "application/json", "{ \"y\":2, \"x\":1 }"))
        .isEqualTo(fp("post", "/a", "application/merge-patch+json", "{\"y\":2,\"x\":1}"));
  }

  @Test
  void methodPathAndBodyAllCount() {
    String base = fp("POST", "/a", "application/json", "{\"x\":1}");
    assertThat(fp("PATCH", "/a", "application/json", "{\"x\":1}")).isNotEqualTo(base);
    assertThat(fp("POST", "/b", "application/json", "{\"x\":1}")).isNotEqualTo(base);
    assertThat(fp("POST", "/a", "application/json", "{\"x\":2}")).isNotEqualTo(base);
  }

  @Test
  void otherBodiesAndTheRawModeUseTheExactBytes() {
    assertThat(fp("POST", "/a", "text/plain", "{\"x\":1,\"y\":2}"))
        .isNotEqualTo(fp("POST", "/a", "text/plain", "{\"y\":2,\"x\":1}"));
    RequestFingerprinter raw = RequestFingerprinter.rawBody();
    assertThat(raw.fingerprint("POST", "/a", "application/json", bytes("{\"x\":1,\"y\":2}")))
        .isNotEqualTo(
            raw.fingerprint("POST", "/a", "application/json", bytes("{\"y\":2,\"x\":1}")));
    // Invalid JSON falls back to the raw bytes rather than failing.
    assertThat(fp("POST", "/a", "application/json", "{oops")).hasSize(64);
  }

  private String fp(String method, String path, String type, String body) {
    return standard.fingerprint(method, path, type, bytes(body));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
