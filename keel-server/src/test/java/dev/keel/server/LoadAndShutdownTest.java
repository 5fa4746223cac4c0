package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.server.internal.http.RouteModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load shedding past the in-flight bound, and the graceful stop. */
class LoadAndShutdownTest {

  @TempDir Path dir;

  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch entered2 = new CountDownLatch(2);

  RouteModule blocking() {
    return routes ->
        routes.get(
            "/v1/test/block",
            ctx -> {
              entered2.countDown();
              if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
              }
              ctx.result("done");
            });
  }

  @Test
  void pastTheInFlightBoundRequestsAreShedWith503AndRetryAfter() throws Exception {
    try (KeelServer server = TestServer.start(dir, b -> b.maxInFlight(2), blocking())) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      var a = http.sendAsync(http.request("GET", "/v1/test/block", null).build());
      var b = http.sendAsync(http.request("GET", "/v1/test/block", null).build());
      assertThat(entered2.await(30, TimeUnit.SECONDS)).isTrue();

      Http.Res shed = http.get("/v1/test/block");
      ServerBasicsTest.assertProblem(shed, 503, "overloaded");
      assertThat(shed.header("Retry-After")).isEqualTo("1");
      // probes are never shed
      assertThat(http.get("/health/live").status()).isEqualTo(200);

      release.countDown();
      assertThat(a.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(b.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/v1/test/block").status() == 200);
      assertThat(http.withToken(null).get("/metrics").body())
          .contains("keel_http_server_shed_total");
    }
  }

  @Test
  void gracefulStopFinishesInFlightRequestsAndRefusesNewOnes() throws Exception {
    KeelServer server =
        TestServer.start(dir, b -> b.shutdownGrace(Duration.ofSeconds(30)), blocking());
    Http http = new Http(server.port(), TestServer.TOKEN);
    var inFlight = http.sendAsync(http.request("GET", "/v1/test/block", null).build());
    var inFlight2 = http.sendAsync(http.request("GET", "/v1/test/block", null).build());
    assertThat(entered2.await(30, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.get("/health/live").status() == 200
                    && http.get("/health/ready").status() == 503);
    Http.Res ready = http.get("/health/ready");
    assertThat(ready.json().path("status").asText()).isEqualTo("draining");
    ServerBasicsTest.assertProblem(http.get("/v1/test/block"), 503, "shutting-down");
    assertThat(closing).isNotDone();

    release.countDown();
    for (var f : List.of(inFlight, inFlight2)) {
      Http.Res r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("done");
    }
    closing.get(30, TimeUnit.SECONDS);
  }

  @Test
  void drainingEndsLongPollsAndRefusesNewLeases() throws Exception {
    KeelServer server = TestServer.start(dir, b -> b.shutdownGrace(Duration.ofSeconds(30)));
    Http http = new Http(server.port(), TestServer.TOKEN);
    var poll =
        http.sendAsync(
            http.request(
                    "POST", "/v1/queues/idle/leases", "{\"workerId\":\"w\",\"waitSeconds\":30}")
                .build());
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> server.meterRegistry().get("keel.http.server.long.polls").gauge().value() >= 1);
    server.close();
    // an undisturbed poll would have answered 200 with no jobs after its 30 s; draining cut it
    // short with 503 so the worker goes elsewhere, and close() did not wait the poll out
    Http.Res r = poll.get(30, TimeUnit.SECONDS);
    ServerBasicsTest.assertProblem(r, 503, "shutting-down");
  }

  @Test
  void waitingWorkersDoNotCrowdOutOtherRequests() throws Exception {
    try (KeelServer server = TestServer.start(dir, b -> b.maxInFlight(1).maxLongPolls(1))) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      var poll =
          http.sendAsync(
              http.request(
                      "POST", "/v1/queues/idle/leases", "{\"workerId\":\"w\",\"waitSeconds\":20}")
                  .build());
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> server.meterRegistry().get("keel.http.server.long.polls").gauge().value() >= 1);
      // the one request slot is still free for an enqueue
      Http.Res enq = http.post("/v1/queues/other/jobs", "{\"type\":\"t\",\"ownerId\":\"o\"}");
      assertThat(enq.status()).as(enq.body()).isEqualTo(201);
      // a second waiting worker is over the long-poll bound
      Http.Res second =
          http.post("/v1/queues/idle/leases", "{\"workerId\":\"w2\",\"waitSeconds\":20}");
      ServerBasicsTest.assertProblem(second, 503, "overloaded");
      assertThat(second.json().path("detail").asText()).contains("KEEL_MAX_LONG_POLLS");
      // the first poll is served when work arrives on its queue
      http.post("/v1/queues/idle/jobs", "{\"type\":\"t\",\"ownerId\":\"o-idle\"}");
      assertThat(poll.get(30, TimeUnit.SECONDS).json().path("jobs")).hasSize(1);
    }
  }
}
