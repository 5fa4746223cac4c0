package dev.keel.bench.internal.server;

import dev.keel.bench.internal.load.ClosedLoop;
import dev.keel.bench.internal.load.LoadResult;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.LeaseRequest;
import dev.keel.jobs.LeasedJob;
import dev.keel.server.KeelServer;
import dev.keel.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts one keel-server in this JVM over one store and measures, for enqueue and for
 * lease→complete, the in-process {@link Jobs} of that server (the same store, pool and
 * configuration) beside its HTTP API called by {@link ApiClient} on loopback.
 */
final class StoreRun {

  static final String TOKEN = "bench-token-" + UUID.randomUUID();
  static final int THREADS = 16;
  private static final Duration VISIBILITY = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(1);

  private StoreRun() {}

  /**
   * Runs both operations on one store.
   *
   * @param store the table's name of the store
   * @param databaseUrl the server's {@code KEEL_DATABASE_URL}
   * @param operations calls per side and operation
   * @param warmup calls per side and operation before the measured ones
   */
  static List<ServerRow> run(String store, String databaseUrl, int operations, int warmup)
      throws Exception {
    ServerConfig config =
        ServerConfig.builder()
            .databaseUrl(databaseUrl)
            .httpHost("127.0.0.1")
            .httpPort(0)
            .apiToken(TOKEN)
            .build();
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (KeelServer server = KeelServer.start(config);
        ApiClient api = new ApiClient(server.port(), TOKEN)) {
      Jobs jobs = server.jobs();
      if (warmup > 0) {
        enqueueLibrary(jobs, "warm-lib", run + "-w", warmup);
        enqueueHttp(api, "warm-http", run + "-w", warmup);
        cyclesLibrary(jobs, "warm-lib", warmup);
        cyclesHttp(api, "warm-http", warmup);
      }
      List<ServerRow> rows = new ArrayList<>();
      LoadResult libEnq = enqueueLibrary(jobs, "enq-lib", run, operations);
      LoadResult httpEnq = enqueueHttp(api, "enq-http", run, operations);
      rows.add(new ServerRow(store, "enqueue", libEnq, httpEnq));
      LoadResult libCycles = cyclesLibrary(jobs, "enq-lib", operations);
      LoadResult httpCycles = cyclesHttp(api, "enq-http", operations);
      rows.add(new ServerRow(store, "lease→complete", libCycles, httpCycles));
      return rows;
    }
  }

  private static LoadResult enqueueLibrary(Jobs jobs, String queue, String run, int n)
      throws InterruptedException {
    return ClosedLoop.run(
        THREADS,
        n,
        i ->
            jobs.enqueue(
                JobRequest.builder("bench")
                    .queue(queue)
                    .ownerId("o-" + run + "-" + queue + "-" + i)
                    .payloadJson("{\"n\":" + i + "}")
                    .build()));
  }

  private static LoadResult enqueueHttp(ApiClient api, String queue, String run, int n)
      throws InterruptedException {
    return ClosedLoop.run(
        THREADS,
        n,
        i ->
            api.enqueue(
                queue, "k-" + run + "-" + queue + "-" + i, "o-" + run + "-" + queue + "-" + i, i));
  }

  private static LoadResult cyclesLibrary(Jobs jobs, String queue, int n)
      throws InterruptedException {
    return ClosedLoop.run(
        THREADS,
        n,
        i -> {
          List<LeasedJob> leased =
              jobs.lease(queue, new LeaseRequest("bench-lib", 1, VISIBILITY, WAIT));
          if (leased.isEmpty()) {
            throw new IllegalStateException("lease of " + queue + " came back empty");
          }
          LeasedJob job = leased.get(0);
          jobs.complete(job.id(), job.leaseToken(), "{\"ok\":true}");
        });
  }

  private static LoadResult cyclesHttp(ApiClient api, String queue, int n)
      throws InterruptedException {
    return ClosedLoop.run(THREADS, n, i -> api.cycle(queue, "bench-http"));
  }
}
