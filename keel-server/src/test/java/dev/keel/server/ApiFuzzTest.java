package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzz of the API: malformed JSON, wrong types, huge and empty bodies, bad tokens
 * and bad idempotency keys on every route. No answer is a 5xx, and a rejected request (4xx) changes
 * nothing in the store.
 */
class ApiFuzzTest {

  static final int MAX = 8 * 1024;
  static Path dir;
  static KeelServer server;
  static Http http;
  static long existingJob;

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("keel-fuzz");
    server = TestServer.start(dir, b -> b.maxRequestBytes(MAX));
    http = new Http(server.port(), TestServer.TOKEN);
    Http.Res r =
        http.post("/v1/queues/fuzz/jobs", "{\"type\":\"t\",\"ownerId\":\"seed\",\"payload\":{}}");
    existingJob = r.json().path("job").path("id").asLong();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  record Call(String method, String path, String body, String auth, String idempotencyKey) {}

  @Provide
  Arbitrary<Call> calls() {
    Arbitrary<String> id =
        Arbitraries.of(
            String.valueOf(existingJob), "0", "-1", "abc", "99999999999999999999", "1e3");
    Arbitrary<String> queue =
        Arbitraries.of("fuzz", "default", "bad%20name", "%2e%2e", "x".repeat(70), "%00", "a/b");
    Arbitrary<String[]> route =
        Combinators.combine(id, queue)
            .as(
                (i, q) ->
                    new String[][] {
                      {"POST", "/v1/queues/" + q + "/jobs"},
                      {"POST", "/v1/queues/" + q + "/jobs:batch"},
                      {"POST", "/v1/queues/" + q + "/leases"},
                      {"POST", "/v1/jobs/" + i + "/heartbeat"},
                      {"POST", "/v1/jobs/" + i + "/complete"},
                      {"POST", "/v1/jobs/" + i + "/fail"},
                      {"GET", "/v1/jobs/" + i},
                      {"DELETE", "/v1/jobs/" + i},
                      {"POST", "/v1/dlq/" + i + "/replay"},
                      {"POST", "/v1/dlq/" + i + "/discard"},
                      {"POST", "/v1/dlq:replay"},
                      {"POST", "/v1/dlq:discard"},
                      {"GET", "/v1/dlq?since=" + q},
                      {"GET", "/v1/queues"}
                    })
            .flatMap(all -> Arbitraries.of(all));
    Arbitrary<String> body =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.just("x".repeat(MAX + 10)),
            Arbitraries.just("{\"type\":\"" + "y".repeat(MAX) + "\"}"),
            wrongTypes(),
            truncated());
    Arbitrary<String> auth =
        Arbitraries.of(
            "Bearer " + TestServer.TOKEN,
            "Bearer " + TestServer.TOKEN,
            "Bearer " + TestServer.TOKEN,
            "",
            "Bearer",
            "Bearer wrong-token-0000000000",
            "Basic dXNlcjpwYXNz",
            "bearer " + TestServer.TOKEN + "x");
    Arbitrary<String> key =
        Arbitraries.of(
            null, "", " ", "k".repeat(300), "key with spaces", "valid-key-1", "\"quoted\"");
    return Combinators.combine(route, body, auth, key)
        .as((r, b, a, k) -> new Call(r[0], r[1], r[0].equals("POST") ? b : null, a, k));
  }

  Arbitrary<String> wrongTypes() {
    Arbitrary<String> value =
        Arbitraries.of(
            "null", "true", "-1", "1.5e400", "\"\"", "[]", "{}", "\"x\"", "99999999999", "[1,{}]");
    Arbitrary<String> field =
        Arbitraries.of(
            "type",
            "payload",
            "ownerId",
            "runAt",
            "maxAttempts",
            "key",
            "jobs",
            "workerId",
            "max",
            "waitSeconds",
            "visibilityTimeoutSeconds",
            "leaseToken",
            "extendSeconds",
            "result",
            "error",
            "retryable",
            "queue",
            "since",
            "errorType",
            "zzz");
    return Combinators.combine(field.list().ofMaxSize(5), value.list().ofSize(5))
        .as(
            (fs, vs) -> {
              StringBuilder b = new StringBuilder("{");
              for (int i = 0; i < fs.size(); i++) {
                if (i > 0) b.append(',');
                b.append('"').append(fs.get(i)).append("\":").append(vs.get(i));
              }
              return b.append('}').toString();
            });
  }

  Arbitrary<String> truncated() {
    String valid =
        "{\"type\":\"t\",\"ownerId\":\"o\",\"payload\":{\"a\":[1,2,3]},\"workerId\":\"w\"}";
    return Arbitraries.integers().between(0, valid.length() - 1).map(n -> valid.substring(0, n));
  }

  @Property(tries = 300)
  void noFiveHundredsAndRejectionsChangeNothing(@ForAll("calls") Call call) {
    String before = snapshot();
    HttpRequest.Builder rb = http.withToken(null).request(call.method(), call.path(), call.body());
    if (!call.auth().isEmpty()) {
      rb.header("Authorization", call.auth());
    }
    if (call.idempotencyKey() != null) {
      rb.header("Idempotency-Key", call.idempotencyKey());
    }
    Http.Res r = http.send(rb.build());
    assertThat(r.status()).as(call + " -> " + r.body()).isLessThan(500);
    if (r.status() >= 400) {
      assertThat(r.contentType()).as(call.toString()).startsWith("application/problem+json");
      assertThat(snapshot()).as("state changed by rejected " + call).isEqualTo(before);
    }
  }

  /** Counts by state per queue and the DLQ ids: what a write would change. */
  static String snapshot() {
    JsonNode queues = http.get("/v1/queues").json();
    TreeMap<String, String> m = new TreeMap<>();
    for (JsonNode q : queues.path("queues")) {
      m.put(q.path("name").asText(), q.path("counts").toString() + q.path("dlqDepth"));
    }
    List<String> dlq =
        new ArrayList<>(
            http.get("/v1/dlq?limit=1000").json().path("entries").findValuesAsText("id"));
    JsonNode seed = http.get("/v1/jobs/" + existingJob).json();
    return m + " " + dlq + " " + seed.path("state").asText() + seed.path("attempt");
  }
}
