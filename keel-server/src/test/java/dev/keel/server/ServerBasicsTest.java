package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.server.internal.http.Bodies;
import dev.keel.server.internal.http.Fields;
import dev.keel.server.internal.http.Json;
import dev.keel.server.internal.http.RouteModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Auth, problems, limits, health, metrics, dashboard serving, access log. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerBasicsTest {

  static final long MAX = 4096;

  final AtomicInteger echoed = new AtomicInteger();
  KeelServer server;
  Http http;
  ListAppender<ILoggingEvent> access;

  RouteModule testRoutes() {
    return routes -> {
      routes.post(
          "/v1/test/echo",
          ctx -> {
            var node = Json.object(Bodies.readJson(ctx, MAX));
            Fields f = new Fields(node, Set.of("name", "count"));
            String name = f.requiredString("name", 10, null, null);
            Integer count = f.optionalInt("count", 1, 5);
            f.check();
            echoed.incrementAndGet();
            ctx.json(Map.of("name", name, "count", count == null ? 1 : count));
          });
      routes.post(
          "/v1/test/{name}/things:batch", ctx -> ctx.result("batch " + ctx.pathParam("name")));
      routes.post("/v1/test/{name}/things", ctx -> ctx.result("one " + ctx.pathParam("name")));
      routes.get(
          "/v1/test/boom",
          ctx -> {
            throw new IllegalStateException("internal secret detail");
          });
    };
  }

  @BeforeAll
  void start(@TempDir Path dir) {
    server = TestServer.start(dir, b -> b.maxRequestBytes(MAX), testRoutes());
    http = new Http(server.port(), TestServer.TOKEN);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void capture() {
    echoed.set(0);
    access = new ListAppender<>();
    access.start();
    ((Logger) LoggerFactory.getLogger("keel.access")).addAppender(access);
  }

  @AfterEach
  void release() {
    ((Logger) LoggerFactory.getLogger("keel.access")).detachAppender(access);
  }

  static void assertProblem(Http.Res r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.path("type").asText()).isEqualTo("https://keel.dev/problems/" + type);
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("title").asText()).isNotBlank();
    assertThat(p.path("detail").asText()).isNotBlank();
  }

  @Test
  void v1WithoutTokenIs401AndTheHandlerNeverRuns() {
    Http anon = http.withToken(null);
    Http.Res r = anon.post("/v1/test/echo", "{\"name\":\"a\"}");
    assertProblem(r, 401, "unauthorized");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    assertProblem(
        http.withToken("wrong-token-wrong-token").post("/v1/test/echo", "{\"name\":\"a\"}"),
        401,
        "unauthorized");
    assertProblem(
        http.send(
            http.request("GET", "/v1/queues", null)
                .setHeader("Authorization", "Basic dXNlcjpwYXNz")
                .build()),
        401,
        "unauthorized");
    // unknown /v1 routes do not reveal themselves to anonymous callers either
    assertProblem(anon.get("/v1/nope"), 401, "unauthorized");
    assertThat(echoed).hasValue(0);
  }

  @Test
  void validTokenReachesTheHandler() {
    Http.Res r = http.post("/v1/test/echo", "{\"name\":\"abc\",\"count\":2}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.json().path("name").asText()).isEqualTo("abc");
    assertThat(echoed).hasValue(1);
  }

  @Test
  void colonSuffixedRoutesAreLiteral() {
    assertThat(http.post("/v1/test/x/things:batch", "{}").body()).isEqualTo("batch x");
    assertThat(http.post("/v1/test/x/things", "{}").body()).isEqualTo("one x");
  }

  @Test
  void requestsJettyRefusesAreProblemsToo() {
    Http.Res r = http.post("/v1/test/%00/things", "{}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("type").asText()).isEqualTo("https://keel.dev/problems/bad-request");
  }

  @Test
  void unknownRouteIs404Problem() {
    assertProblem(http.get("/v1/nope"), 404, "not-found");
    assertProblem(http.get("/nope"), 404, "not-found");
  }

  @Test
  void validationNamesEveryFieldAtFault() {
    Http.Res r = http.post("/v1/test/echo", "{\"name\":7,\"count\":99,\"extra\":true}");
    assertProblem(r, 400, "validation");
    var fields = r.json().path("errors").findValuesAsText("field").stream().sorted().toList();
    assertThat(fields).containsExactly("count", "extra", "name");
    assertThat(echoed).hasValue(0);
  }

  @Test
  void malformedAndEmptyBodiesAre400() {
    assertProblem(http.post("/v1/test/echo", "{\"name\":"), 400, "malformed-json");
    assertProblem(http.post("/v1/test/echo", ""), 400, "malformed-json");
    assertProblem(http.post("/v1/test/echo", "[1,2]"), 400, "validation");
    assertProblem(
        http.post("/v1/test/echo", "{\"name\":\"a\",\"name\":\"b\"}"), 400, "malformed-json");
    assertThat(echoed).hasValue(0);
  }

  @Test
  void wrongContentTypeIs415() {
    Http.Res r =
        http.send(
            http.request("POST", "/v1/test/echo", "{\"name\":\"a\"}")
                .setHeader("Content-Type", "text/plain")
                .build());
    assertProblem(r, 415, "unsupported-media-type");
  }

  @Test
  void oversizedBodiesAre413DeclaredOrStreamed() {
    String big = "{\"name\":\"" + "x".repeat((int) MAX) + "\"}";
    assertProblem(http.post("/v1/test/echo", big), 413, "too-large");
    // streamed without a Content-Length: the bound holds while reading
    byte[] bytes = big.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest chunked =
        http.request("POST", "/v1/test/echo", null)
            .setHeader("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)))
            .build();
    assertProblem(http.send(chunked), 413, "too-large");
    assertThat(echoed).hasValue(0);
  }

  @Test
  void aBodySomewhatOverTheLimitIsReadToItsEndSoThe413ArrivesAndTheConnectionStays()
      throws Exception {
    try (var socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      var in = new BufferedReader(new InputStreamReader(socket.getInputStream()));
      byte[] body = ("{\"name\":\"" + "x".repeat((int) MAX * 8) + "\"}").getBytes();
      out.write(rawPost("/v1/test/echo", body.length).getBytes());
      out.write(body);
      out.flush();
      List<String> head = readHead(in);
      assertThat(head.get(0)).isEqualTo("HTTP/1.1 413 Payload Too Large");
      assertThat(head).noneMatch(h -> h.equalsIgnoreCase("Connection: close"));
      skipBody(in, head);
      // the same connection serves the next request: the rejected body was consumed
      byte[] ok = "{\"name\":\"a\"}".getBytes();
      out.write(rawPost("/v1/test/echo", ok.length).getBytes());
      out.write(ok);
      out.flush();
      assertThat(readHead(in).get(0)).isEqualTo("HTTP/1.1 200 OK");
    }
    assertThat(echoed).hasValue(1);
  }

  @Test
  void aHugeDeclaredBodyIsRefusedWithoutReadingItAndTheConnectionCloses() throws Exception {
    try (var socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      var in = new BufferedReader(new InputStreamReader(socket.getInputStream()));
      socket.getOutputStream().write(rawPost("/v1/test/echo", 1L << 30).getBytes());
      socket.getOutputStream().flush();
      List<String> head = readHead(in);
      assertThat(head.get(0)).isEqualTo("HTTP/1.1 413 Payload Too Large");
      assertThat(head).anyMatch(h -> h.equalsIgnoreCase("Connection: close"));
    }
    assertThat(echoed).hasValue(0);
  }

  private static String rawPost(String path, long length) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + TestServer.TOKEN
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  private static List<String> readHead(BufferedReader in) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      lines.add(line);
    }
    assertThat(lines).as("a response head").isNotEmpty();
    return lines;
  }

  private static void skipBody(BufferedReader in, List<String> head) throws IOException {
    int length =
        head.stream()
            .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))
            .map(h -> Integer.parseInt(h.substring(15).trim()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
    assertThat(in.skip(length)).isEqualTo(length); // the problem body is ASCII JSON
  }

  @Test
  void unexpectedErrorsAre500WithoutInternals() {
    Http.Res r = http.get("/v1/test/boom");
    assertProblem(r, 500, "internal");
    assertThat(r.body()).doesNotContain("internal secret detail").doesNotContain("Exception");
    assertThat(r.json().path("detail").asText()).contains(r.header("X-Request-Id"));
  }

  @Test
  void healthLiveAndReady() {
    Http anon = http.withToken(null);
    Http.Res live = anon.get("/health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().path("status").asText()).isEqualTo("up");
    Http.Res ready = anon.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    JsonNode db = ready.json().path("dependencies").get(0);
    assertThat(db.path("name").asText()).isEqualTo("database");
    assertThat(db.path("status").asText()).isEqualTo("up");
    assertThat(db.path("critical").asBoolean()).isTrue();
  }

  @Test
  void metricsArePrometheusText() {
    http.get("/health/live");
    http.get("/v1/nope");
    Http.Res r = http.withToken(null).get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(r.body())
        .contains("keel_http_server_requests_seconds_count")
        .contains("route=\"/health/live\"")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void dashboardIsServedWithAStrictPolicy() {
    Http anon = http.withToken(null);
    Http.Res page = anon.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(anon.get("/dashboard/app.js").status()).isEqualTo(200);
    assertThat(anon.get("/dashboard/app.css").status()).isEqualTo(200);
    assertProblem(anon.get("/dashboard/secret.txt"), 404, "not-found");
  }

  @Test
  void requestIdIsEchoedAndAccessLogHasNoQueryOrSecrets() {
    Http.Res r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health/live?token=leaky"))
                .header("X-Request-Id", "req-123")
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .timeout(Duration.ofSeconds(30))
                .build());
    assertThat(r.header("X-Request-Id")).isEqualTo("req-123");
    assertThat(http.get("/health/live").header("X-Request-Id")).isNotBlank();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> access.list.stream().anyMatch(e -> hasRequestId(e, "req-123")));
    ILoggingEvent e =
        access.list.stream().filter(x -> hasRequestId(x, "req-123")).findFirst().orElseThrow();
    Map<String, Object> kv = new java.util.HashMap<>();
    e.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
    assertThat(kv)
        .containsEntry("method", "GET")
        .containsEntry("path", "/health/live")
        .containsEntry("status", 200)
        .containsKey("latency_ms");
    String all = access.list.toString() + kv;
    assertThat(all).doesNotContain("leaky").doesNotContain(TestServer.TOKEN);
  }

  private static boolean hasRequestId(ILoggingEvent e, String id) {
    return e.getKeyValuePairs() != null
        && e.getKeyValuePairs().stream()
            .anyMatch(p -> p.key.equals("request_id") && id.equals(p.value));
  }
}
