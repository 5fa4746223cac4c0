package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker written against the HTTP API only — plain java.net.http and JSON text, none of Keel's
 * classes — as a worker in another language would be: lease with a long poll, heartbeat, complete.
 */
class RemoteWorkerTest {

  @TempDir Path dir;

  /** The whole worker: what a Python or Go worker would do, line for line. */
  static final class PlainHttpWorker {
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String token;
    final List<String> log = new ArrayList<>();

    PlainHttpWorker(String base, String token) {
      this.base = base;
      this.token = token;
    }

    JsonNode post(String path, String body) throws Exception {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      log.add(path + " -> " + r.statusCode());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
      }
      return json.readTree(r.body());
    }

    /** Leases one job, heartbeats it, "works", completes it; returns the job id or -1. */
    long runOnce(String queue) throws Exception {
      JsonNode lease =
          post(
              "/v1/queues/" + queue + "/leases",
              "{\"workerId\":\"py-worker-1\",\"max\":1,\"waitSeconds\":20,\"visibilityTimeoutSeconds\":30}");
      if (lease.path("jobs").isEmpty()) {
        return -1;
      }
      JsonNode job = lease.path("jobs").get(0);
      long id = job.path("id").asLong();
      String leaseToken = job.path("leaseToken").asText();
      post(
          "/v1/jobs/" + id + "/heartbeat",
          "{\"leaseToken\":\"" + leaseToken + "\",\"extendSeconds\":30}");
      int sum = 0;
      for (JsonNode n : job.path("payload").path("numbers")) {
        sum += n.asInt();
      }
      post(
          "/v1/jobs/" + id + "/complete",
          "{\"leaseToken\":\"" + leaseToken + "\",\"result\":{\"sum\":" + sum + "}}");
      return id;
    }
  }

  @Test
  void aPlainHttpWorkerLeasesHeartbeatsAndCompletes() throws Exception {
    try (KeelServer server = TestServer.start(dir, b -> b)) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      PlainHttpWorker worker =
          new PlainHttpWorker("http://127.0.0.1:" + server.port(), TestServer.TOKEN);
      var polling =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return worker.runOnce("remote");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Http.Res enq =
          http.post(
              "/v1/queues/remote/jobs",
              "{\"type\":\"sum\",\"ownerId\":\"o1\",\"payload\":{\"numbers\":[1,2,3]}}");
      long id = enq.json().path("job").path("id").asLong();
      assertThat(polling.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(id);
      JsonNode job = http.get("/v1/jobs/" + id).json();
      assertThat(job.path("state").asText()).isEqualTo("completed");
      assertThat(job.path("result").path("sum").asInt()).isEqualTo(6);
      assertThat(worker.log)
          .containsExactly(
              "/v1/queues/remote/leases -> 200",
              "/v1/jobs/" + id + "/heartbeat -> 200",
              "/v1/jobs/" + id + "/complete -> 200");
    }
  }
}
