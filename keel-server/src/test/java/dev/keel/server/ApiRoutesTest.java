package dev.keel.server;

import static dev.keel.server.ServerBasicsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every route of DESIGN §4 and every error status of its table, on the embedded store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRoutesTest {

  KeelServer server;
  Http http;

  @BeforeAll
  void start(@TempDir Path dir) {
    server =
        TestServer.start(dir, b -> b.maxRequestBytes(64 * 1024).enqueueLimits("limited=0.001:1"));
    http = new Http(server.port(), TestServer.TOKEN);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static String job(String type, String owner, String payload) {
    return "{\"type\":\"" + type + "\",\"ownerId\":\"" + owner + "\",\"payload\":" + payload + "}";
  }

  long enqueue(String queue, String type, String owner) {
    Http.Res r = http.post("/v1/queues/" + queue + "/jobs", job(type, owner, "{\"n\":1}"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().path("job").path("id").asLong();
  }

  JsonNode leaseOne(String queue) {
    Http.Res r =
        http.post(
            "/v1/queues/" + queue + "/leases", "{\"workerId\":\"w1\",\"max\":1,\"waitSeconds\":5}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("jobs")).hasSize(1);
    return r.json().path("jobs").get(0);
  }

  long deadJob(String queue, String type, String errorType) {
    long id = enqueue(queue, type, "owner-" + System.nanoTime());
    JsonNode leased = leaseOne(queue);
    assertThat(leased.path("id").asLong()).isEqualTo(id);
    Http.Res r =
        http.post(
            "/v1/jobs/" + id + "/fail",
            "{\"leaseToken\":\""
                + leased.path("leaseToken").asText()
                + "\",\"retryable\":false,"
                + "\"error\":{\"type\":\""
                + errorType
                + "\",\"message\":\"boom\",\"stack\":\"at x\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("state").asText()).isEqualTo("dead");
    return id;
  }

  @Test
  void enqueueNewIs201AndTheSameJobAgainIs200Duplicate() {
    String body = job("email.send", "owner-dup", "{\"to\":\"a@b.c\"}");
    Http.Res first = http.post("/v1/queues/q-dup/jobs", body);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.json().path("duplicate").asBoolean()).isFalse();
    JsonNode job = first.json().path("job");
    assertThat(job.path("state").asText()).isEqualTo("available");
    assertThat(job.path("payload").path("to").asText()).isEqualTo("a@b.c");
    assertThat(first.header("Location")).isEqualTo("/v1/jobs/" + job.path("id").asLong());

    Http.Res again = http.post("/v1/queues/q-dup/jobs", body);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("duplicate").asBoolean()).isTrue();
    assertThat(again.json().path("job").path("id").asLong()).isEqualTo(job.path("id").asLong());
  }

  @Test
  void invalidEnqueueIs400WithTheFieldAndWritesNothing() {
    assertProblem(http.post("/v1/queues/q-bad/jobs", "{\"ownerId\":\"o\"}"), 400, "validation");
    Http.Res r =
        http.post(
            "/v1/queues/q-bad/jobs", "{\"type\":\"t\",\"ownerId\":\"o\",\"maxAttempts\":\"five\"}");
    assertProblem(r, 400, "validation");
    assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("maxAttempts");
    assertProblem(http.post("/v1/queues/bad%20name/jobs", job("t", "o", "1")), 400, "validation");
    assertThat(countAll("q-bad")).isZero();
  }

  @Test
  void oversizedEnqueueIs413() {
    String big = job("t", "o", "\"" + "x".repeat(70 * 1024) + "\"");
    Http.Res r = http.post("/v1/queues/q-big/jobs", big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(countAll("q-big")).isZero();
  }

  @Test
  void idempotencyKeyReplaysAndRejectsAnotherBodyWith422() {
    var req =
        http.request("POST", "/v1/queues/q-idem/jobs", job("t", "o-idem", "{\"a\":1}"))
            .header("Idempotency-Key", "key-0001");
    Http.Res first = http.send(req.build());
    assertThat(first.status()).isEqualTo(201);
    Http.Res replay =
        http.send(
            http.request("POST", "/v1/queues/q-idem/jobs", job("t", "o-idem", "{\"a\":1}"))
                .header("Idempotency-Key", "key-0001")
                .build());
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.json().path("job").path("id").asLong())
        .isEqualTo(first.json().path("job").path("id").asLong());
    Http.Res other =
        http.send(
            http.request("POST", "/v1/queues/q-idem/jobs", job("t", "o-idem", "{\"a\":2}"))
                .header("Idempotency-Key", "key-0001")
                .build());
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(countAll("q-idem")).isEqualTo(1);
  }

  @Test
  void queuesShowTheirAdmissionLimit() {
    JsonNode q = queue(http.get("/v1/queues").json(), "limited");
    assertThat(q.path("limits").path("enqueue").path("burst").asDouble()).isEqualTo(1.0);
    assertThat(q.path("limits").path("enqueue").path("perSecond").asDouble()).isEqualTo(0.001);
    assertThat(q.path("limits").path("start").isNull()).isTrue();
  }

  @Test
  void overTheAdmissionLimitIs429WithRetryAfter() {
    assertThat(http.post("/v1/queues/limited/jobs", job("t", "o1", "1")).status()).isEqualTo(201);
    Http.Res r = http.post("/v1/queues/limited/jobs", job("t", "o2", "1"));
    assertProblem(r, 429, "rate-limited");
    assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
    assertThat(countAll("limited")).isEqualTo(1);
  }

  @Test
  void batchEnqueuesAllInOneTransactionOrNothing() {
    Http.Res ok =
        http.post(
            "/v1/queues/q-batch/jobs:batch",
            "{\"jobs\":[" + job("t", "b1", "1") + "," + job("t", "b2", "2") + "]}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().path("results")).hasSize(2);
    assertThat(ok.json().path("results").get(1).path("duplicate").asBoolean()).isFalse();
    Http.Res bad =
        http.post(
            "/v1/queues/q-batch/jobs:batch",
            "{\"jobs\":[" + job("t", "b3", "1") + ",{\"ownerId\":\"b4\"}]}");
    assertProblem(bad, 400, "validation");
    assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("jobs[1].type");
    assertThat(countAll("q-batch")).isEqualTo(2);
    assertProblem(http.post("/v1/queues/q-batch/jobs:batch", "{\"jobs\":[]}"), 400, "validation");
  }

  @Test
  void getJobIs200Or404Or400() {
    long id = enqueue("q-get", "t", "o-get");
    Http.Res r = http.get("/v1/jobs/" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("queue").asText()).isEqualTo("q-get");
    assertThat(r.json().path("errors").isArray()).isTrue();
    assertProblem(http.get("/v1/jobs/999999999"), 404, "not-found");
    assertProblem(http.get("/v1/jobs/abc"), 400, "validation");
  }

  @Test
  void cancelIs200ThenConflictsWhenRunningOrFinished() {
    long id = enqueue("q-cancel", "t", "o-cancel");
    Http.Res r = http.delete("/v1/jobs/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("state").asText()).isEqualTo("cancelled");
    long running = enqueue("q-cancel2", "t", "o-cancel2");
    leaseOne("q-cancel2");
    assertProblem(http.delete("/v1/jobs/" + running), 409, "job-running");
    assertProblem(http.delete("/v1/jobs/999999999"), 404, "not-found");
  }

  @Test
  void leaseHeartbeatCompleteAreFencedByTheToken() {
    long id = enqueue("q-lease", "t", "o-lease");
    JsonNode leased = leaseOne("q-lease");
    String token = leased.path("leaseToken").asText();
    assertThat(leased.path("leaseDeadline").asText()).isNotBlank();
    assertThat(leased.path("payload").path("n").asInt()).isEqualTo(1);

    Http.Res hb =
        http.post(
            "/v1/jobs/" + id + "/heartbeat",
            "{\"leaseToken\":\"" + token + "\",\"extendSeconds\":60}");
    assertThat(hb.status()).as(hb.body()).isEqualTo(200);
    assertThat(hb.json().path("leaseDeadline").asText()).isNotBlank();
    assertProblem(
        http.post("/v1/jobs/" + id + "/heartbeat", "{\"leaseToken\":\"wrong\"}"),
        409,
        "lease-lost");
    assertProblem(
        http.post("/v1/jobs/" + id + "/complete", "{\"leaseToken\":\"wrong\"}"), 409, "lease-lost");
    assertProblem(http.post("/v1/jobs/" + id + "/heartbeat", "{}"), 400, "validation");

    Http.Res done =
        http.post(
            "/v1/jobs/" + id + "/complete",
            "{\"leaseToken\":\"" + token + "\",\"result\":{\"ok\":true}}");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    JsonNode job = http.get("/v1/jobs/" + id).json();
    assertThat(job.path("state").asText()).isEqualTo("completed");
    assertThat(job.path("result").path("ok").asBoolean()).isTrue();
  }

  @Test
  void leaseReturnsAnEmptyListWhenNothingIsDue() {
    Http.Res r = http.post("/v1/queues/q-empty/leases", "{\"workerId\":\"w\",\"max\":5}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("jobs")).isEmpty();
    assertProblem(
        http.post("/v1/queues/q-empty/leases", "{\"workerId\":\"w\",\"waitSeconds\":9999}"),
        400,
        "validation");
  }

  @Test
  void longPollReturnsAsSoonAsAJobArrives() throws Exception {
    CompletableFuture<Http.Res> poll =
        http.sendAsync(
            http.request(
                    "POST", "/v1/queues/q-poll/leases", "{\"workerId\":\"w\",\"waitSeconds\":25}")
                .build());
    long id = enqueue("q-poll", "t", "o-poll");
    Http.Res r = poll.get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("jobs")).hasSize(1);
    assertThat(r.json().path("jobs").get(0).path("id").asLong()).isEqualTo(id);
  }

  @Test
  void failRetriesThenDeadLetters() {
    Http.Res e =
        http.post(
            "/v1/queues/q-fail/jobs", "{\"type\":\"t\",\"ownerId\":\"o-fail\",\"maxAttempts\":2}");
    long id = e.json().path("job").path("id").asLong();
    JsonNode leased = leaseOne("q-fail");
    Http.Res r =
        http.post(
            "/v1/jobs/" + id + "/fail",
            "{\"leaseToken\":\""
                + leased.path("leaseToken").asText()
                + "\",\"error\":{\"type\":\"Timeout\",\"message\":\"slow\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("state").asText()).isEqualTo("retrying");
    assertThat(r.json().path("nextRunAt").asText()).isNotBlank();
    assertProblem(
        http.post(
            "/v1/jobs/" + id + "/fail",
            "{\"leaseToken\":\"x\",\"error\":{\"message\":\"no type\"}}"),
        400,
        "validation");
  }

  @Test
  void queuesReportCountsByState() {
    enqueue("q-stats", "t", "o-stats");
    Http.Res r = http.get("/v1/queues");
    assertThat(r.status()).isEqualTo(200);
    JsonNode q = queue(r.json(), "q-stats");
    assertThat(q.path("counts").path("available").asLong()).isEqualTo(1);
    assertThat(q.has("dlqDepth")).isTrue();
    assertThat(q.path("startLatency").has("p99Ms")).isTrue();
    assertThat(
            queue(r.json(), "high_priority").path("startLatency").path("targetSeconds").asDouble())
        .isEqualTo(30.0);
  }

  @Test
  void dlqListFiltersReplayAndDiscard() {
    long a = deadJob("q-dlq", "t.a", "ErrA");
    long b = deadJob("q-dlq", "t.b", "ErrB");
    long c = deadJob("q-dlq", "t.b", "ErrB");
    Http.Res all = http.get("/v1/dlq?queue=q-dlq");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().path("entries").findValuesAsText("id")).contains("" + a, "" + b, "" + c);
    assertThat(all.json().path("total").asLong()).isEqualTo(3);
    Http.Res errB = http.get("/v1/dlq?queue=q-dlq&errorType=ErrB");
    assertThat(errB.json().path("entries")).hasSize(2);
    Http.Res page = http.get("/v1/dlq?queue=q-dlq&limit=2");
    assertThat(page.json().path("entries")).hasSize(2);
    String cursor = page.json().path("nextCursor").asText();
    assertThat(http.get("/v1/dlq?queue=q-dlq&limit=2&cursor=" + cursor).json().path("entries"))
        .hasSize(1);
    assertProblem(http.get("/v1/dlq?since=yesterday"), 400, "validation");
    assertProblem(http.get("/v1/dlq?colour=red"), 400, "validation");

    Http.Res replay = http.post("/v1/dlq/" + a + "/replay", null);
    assertThat(replay.status()).as(replay.body()).isEqualTo(200);
    assertThat(http.get("/v1/jobs/" + a).json().path("state").asText()).isEqualTo("available");
    assertProblem(http.post("/v1/dlq/" + a + "/replay", null), 409, "not-dead");
    assertProblem(http.post("/v1/dlq/999999999/discard", null), 404, "not-found");

    Http.Res bulk = http.post("/v1/dlq:discard", "{\"queue\":\"q-dlq\",\"errorType\":\"ErrB\"}");
    assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
    assertThat(bulk.json().path("count").asInt()).isEqualTo(2);
    assertThat(http.get("/v1/jobs/" + b).json().path("state").asText()).isEqualTo("discarded");
    assertThat(http.get("/v1/dlq?queue=q-dlq").json().path("entries")).isEmpty();

    long d = deadJob("q-dlq2", "t", "ErrD");
    Http.Res bulkReplay = http.post("/v1/dlq:replay", "{\"queue\":\"q-dlq2\"}");
    assertThat(bulkReplay.json().path("count").asInt()).isEqualTo(1);
    assertThat(http.get("/v1/jobs/" + d).json().path("state").asText()).isEqualTo("available");
    assertProblem(http.post("/v1/dlq:replay", ""), 400, "malformed-json");
    assertProblem(http.post("/v1/dlq:replay", "{\"since\":5}"), 400, "validation");
  }

  @Test
  void theApiNeedsTheToken() {
    Http anon = http.withToken(null);
    assertProblem(anon.post("/v1/queues/q/jobs", job("t", "o", "1")), 401, "unauthorized");
    assertProblem(anon.get("/v1/queues"), 401, "unauthorized");
    assertProblem(anon.get("/v1/dlq"), 401, "unauthorized");
    assertThat(countAll("q")).isZero();
  }

  JsonNode queue(JsonNode queues, String name) {
    for (JsonNode q : queues.path("queues")) {
      if (q.path("name").asText().equals(name)) {
        return q;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  long countAll(String name) {
    JsonNode q = queue(http.get("/v1/queues").json(), name);
    long n = 0;
    for (JsonNode c : q.path("counts")) {
      n += c.asLong();
    }
    return n;
  }
}
