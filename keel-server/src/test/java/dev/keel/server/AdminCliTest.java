package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.server.internal.http.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin verbs against a running server: tables for people, JSON for scripts, progress. */
class AdminCliTest {

  @TempDir Path dir;

  KeelServer server;
  Http http;
  Map<String, String> env;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, b -> b);
    http = new Http(server.port(), TestServer.TOKEN);
    env =
        Map.of("KEEL_URL", "http://127.0.0.1:" + server.port(), "KEEL_API_TOKEN", TestServer.TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  long dead(String errorType) {
    long id =
        http.post(
                "/v1/queues/cli/jobs",
                "{\"type\":\"t\",\"ownerId\":\"o" + System.nanoTime() + "\"}")
            .json()
            .path("job")
            .path("id")
            .asLong();
    JsonNode l =
        http.post("/v1/queues/cli/leases", "{\"workerId\":\"w\",\"waitSeconds\":5}")
            .json()
            .path("jobs")
            .get(0);
    http.post(
        "/v1/jobs/" + id + "/fail",
        "{\"leaseToken\":\""
            + l.path("leaseToken").asText()
            + "\",\"retryable\":false,\"error\":{\"type\":\""
            + errorType
            + "\",\"message\":\"m\"}}");
    return id;
  }

  @Test
  void queuesAsTableAndJson() throws Exception {
    dead("E1");
    KeelCliTest.Run table = KeelCliTest.run(env, "queues");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).contains("QUEUE").contains("cli").contains("high_priority");
    KeelCliTest.Run json = KeelCliTest.run(env, "queues", "--json");
    assertThat(Json.MAPPER.readTree(json.out()).path("queues").isArray()).isTrue();
  }

  @Test
  void jobsGetAndCancel() throws Exception {
    long id =
        http.post("/v1/queues/cli/jobs", "{\"type\":\"t\",\"ownerId\":\"c1\"}")
            .json()
            .path("job")
            .path("id")
            .asLong();
    KeelCliTest.Run get = KeelCliTest.run(env, "jobs", "get", String.valueOf(id));
    assertThat(get.code()).isZero();
    assertThat(get.out()).contains("available");
    KeelCliTest.Run cancel = KeelCliTest.run(env, "jobs", "cancel", String.valueOf(id), "--json");
    assertThat(cancel.code()).isZero();
    assertThat(Json.MAPPER.readTree(cancel.out()).path("state").asText()).isEqualTo("cancelled");
    KeelCliTest.Run missing = KeelCliTest.run(env, "jobs", "get", "999999");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("404");
  }

  @Test
  void dlqListReplayOneAndBulkWithProgress() {
    long a = dead("Boom");
    dead("Boom");
    dead("Other");
    KeelCliTest.Run list = KeelCliTest.run(env, "dlq", "list", "--queue", "cli");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("Boom").contains("Other").contains(String.valueOf(a));
    // Regression: the DEAD AT column read a field the API does not send and showed "-".
    String deadAt = http.get("/v1/jobs/" + a).json().path("finishedAt").asText();
    assertThat(deadAt).isNotBlank();
    assertThat(list.out()).contains(deadAt);

    KeelCliTest.Run one = KeelCliTest.run(env, "dlq", "replay", String.valueOf(a));
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(http.get("/v1/jobs/" + a).json().path("state").asText()).isEqualTo("available");

    KeelCliTest.Run unconfirmed =
        KeelCliTest.run(env, "dlq", "discard", "--all", "--error-type", "Boom");
    assertThat(unconfirmed.code()).isEqualTo(2);
    assertThat(unconfirmed.err()).contains("1 entries match").contains("--yes");

    KeelCliTest.Run bulk =
        KeelCliTest.run(env, "dlq", "discard", "--all", "--queue", "cli", "--yes");
    assertThat(bulk.code()).as(bulk.err()).isZero();
    assertThat(bulk.err()).contains("discarded 2/2");
    assertThat(bulk.out()).contains("discarded 2 of 2");
    assertThat(http.get("/v1/dlq?queue=cli").json().path("entries")).isEmpty();
  }

  @Test
  void aWrongTokenIsExplained() {
    KeelCliTest.Run r =
        KeelCliTest.run(
            Map.of("KEEL_URL", env.get("KEEL_URL"), "KEEL_API_TOKEN", "nope-nope-nope-nope"),
            "queues");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("401").contains("KEEL_API_TOKEN");
  }
}
