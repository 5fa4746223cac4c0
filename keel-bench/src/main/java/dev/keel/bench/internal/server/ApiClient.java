package dev.keel.bench.internal.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A remote worker and producer written against keel-server's HTTP API only, with the bare JDK
 * client: enqueue with an {@code Idempotency-Key}, lease one job, complete it. Thread-safe.
 */
final class ApiClient implements AutoCloseable {

  private final HttpClient client;
  private final String base;
  private final String token;

  ApiClient(int port, String token) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  /** Enqueues one job under a unique idempotency key; fails unless the server answered 201. */
  void enqueue(String queue, String key, String ownerId, int n)
      throws IOException, InterruptedException {
    String body =
        "{\"type\":\"bench\",\"ownerId\":\"" + ownerId + "\",\"payload\":{\"n\":" + n + "}}";
    HttpRequest req =
        request("/v1/queues/" + queue + "/jobs", body).header("Idempotency-Key", key).build();
    expect(req, 201);
  }

  /**
   * Leases one job of {@code queue} and completes it.
   *
   * @throws IllegalStateException when the lease came back empty or a call did not answer 200
   */
  void cycle(String queue, String workerId) throws IOException, InterruptedException {
    String lease =
        expect(
            request(
                    "/v1/queues/" + queue + "/leases",
                    "{\"workerId\":\""
                        + workerId
                        + "\",\"max\":1,\"waitSeconds\":1,\"visibilityTimeoutSeconds\":60}")
                .build(),
            200);
    var jobs = JsonParser.parseString(lease).getAsJsonObject().getAsJsonArray("jobs");
    if (jobs == null || jobs.isEmpty()) {
      throw new IllegalStateException("lease of " + queue + " came back empty: " + lease);
    }
    JsonObject job = jobs.get(0).getAsJsonObject();
    long id = job.get("id").getAsLong();
    String leaseToken = job.get("leaseToken").getAsString();
    expect(
        request(
                "/v1/jobs/" + id + "/complete",
                "{\"leaseToken\":\"" + leaseToken + "\",\"result\":{\"ok\":true}}")
            .build(),
        200);
  }

  private HttpRequest.Builder request(String path, String json) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private String expect(HttpRequest req, int status) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          req.method()
              + " "
              + req.uri().getPath()
              + " answered "
              + r.statusCode()
              + " (expected "
              + status
              + "): "
              + r.body());
    }
    return r.body();
  }

  @Override
  public void close() {
    client.close();
  }
}
