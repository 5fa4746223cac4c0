package dev.keel.bench.internal.idempotency;

import dev.keel.bench.internal.DocSection;
import dev.keel.bench.internal.Machine;
import dev.keel.idempotency.RedisIdempotencyStore;
import dev.keel.idempotency.RoundTripCounter;
import io.lettuce.core.RedisURI;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ./keel bench idempotency [--smoke] [--doc PATH] [--ops N]}: the overhead per request of
 * keel-idempotency's Redis store against no idempotency, at {@value #THREADS} concurrent virtual
 * threads, beside {@code redis-benchmark}'s SET rate at as many connections.
 *
 * <p>Uses the Redis at {@code KEEL_BENCH_REDIS_URL} (default {@code redis://127.0.0.1:6379}) under
 * a random key prefix, and removes its keys after each round; never flushes (the server may be
 * shared).
 */
public final class IdempotencyCommand {

  /** Concurrent virtual threads, and redis-benchmark's connections. */
  public static final int THREADS = 64;

  private IdempotencyCommand() {}

  /**
   * Runs the idempotency benchmark.
   *
   * @param smoke 300 operations per phase, one round, a 2,000-request ceiling (unless {@code ops}
   *     says otherwise); the table is printed, and written only when {@code doc} is given
   * @param doc the document to update, or null to print only
   * @param ops operations per phase and round, or null for the default (100,000; 300 in smoke mode)
   * @return what was measured
   * @throws Exception when Redis or redis-benchmark is missing or the document cannot be written
   */
  public static IdempotencyOutcome run(boolean smoke, Path doc, Integer ops) throws Exception {
    int n = ops != null ? ops : smoke ? 300 : 100_000;
    int rounds = smoke ? 1 : 5;
    int warmup = smoke ? 100 : 20_000;
    int ceilingRequests = smoke ? 2_000 : 100_000;
    String uri = System.getenv().getOrDefault("KEEL_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    RedisURI parsed = RedisURI.create(uri);
    String prefix =
        "keel:bench:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
    String loadBefore = Machine.loadAverage();
    long start = System.nanoTime();

    List<List<PhaseResult>> measured = new ArrayList<>();
    List<RedisBenchmark.Ceiling> ceilings = new ArrayList<>();
    long handled;
    long keysLeft;
    RoundTripCounter trips = new RoundTripCounter();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (RedisAdmin admin = RedisAdmin.connect(uri)) {
      try (RedisIdempotencyStore store =
          RedisIdempotencyStore.builder(uri).keyPrefix(prefix).roundTripCounter(trips).build()) {
        IdempotencyRounds phases = new IdempotencyRounds(store, trips, admin, registry, THREADS);
        progress("warm-up, " + warmup + " operations per phase");
        phases.round("w", warmup);
        admin.deletePrefix(prefix);
        for (int r = 0; r < rounds; r++) {
          // The ceiling alternates between the start and the end of a round.
          if (r % 2 == 0) {
            ceilings.add(ceiling(admin, parsed, ceilingRequests, prefix));
          }
          progress("round " + (r + 1) + "/" + rounds + ", " + n + " operations per phase");
          List<PhaseResult> round = phases.round("r" + r, n);
          measured.add(round);
          for (PhaseResult p : round) {
            progress(
                String.format(
                    java.util.Locale.ROOT,
                    "  %-50s %,12.0f ops/s  round trips/op %.3f  errors %d",
                    p.phase().label(),
                    p.load().perSecond(),
                    p.tripsPerOp(),
                    p.load().errors()));
          }
          if (r % 2 == 1) {
            ceilings.add(ceiling(admin, parsed, ceilingRequests, prefix));
          }
          admin.deletePrefix(prefix);
        }
        handled = phases.handled();
      } finally {
        admin.deletePrefix(prefix);
      }
      keysLeft = admin.countPrefix(prefix);
    } finally {
      registry.close();
    }
    // Per round: the handler alone, the memory store's and Redis' first requests; warm-up too.
    long expected = 3L * warmup + 3L * n * rounds;
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    IdempotencyReport report = new IdempotencyReport(measured, ceilings);
    String smokeNote =
        smoke
            ? "**Smoke run**: a few operations on a cold JVM; it shows the harness works, not how"
                + " fast anything is.\n\n"
            : "";
    String body =
        smokeNote
            + "Measured "
            + Machine.today()
            + " with `./keel bench idempotency"
            + (smoke ? " --smoke" : "")
            + (ops != null ? " --ops " + ops : "")
            + "` in "
            + seconds
            + " s on "
            + Machine.describe()
            + ", Redis "
            + parsed.getHost()
            + ":"
            + parsed.getPort()
            + " (shared with other processes; nothing else was stopped). Load average (1, 5, 15"
            + " min) before: "
            + loadBefore
            + ", after: "
            + Machine.loadAverage()
            + ".\n"
            + Machine.busyWarning(loadBefore)
            + n
            + " operations per phase and round, "
            + rounds
            + " round(s) after a warm-up of "
            + warmup
            + ", "
            + THREADS
            + " virtual threads in a closed loop; ops/s is the median of the rounds, p50/p99 over"
            + " all rounds' operations. The ceiling is `"
            + String.join(
                " ",
                RedisBenchmark.command(
                    parsed.getHost(),
                    parsed.getPort(),
                    ceilingRequests,
                    THREADS,
                    prefix + "ceiling"))
            + "`, run "
            + ceilings.size()
            + " time(s) between the rounds (its p50 is its own report, in µs).\n\n"
            + report.table()
            + "\nRatios (medians of this run):\n\n"
            + report.ratios()
            + "\nHandler runs: "
            + handled
            + " (expected "
            + expected
            + ": one per handler-only call and per first request, none for a replay); keys left"
            + " under the run's prefix afterwards: "
            + keysLeft
            + ".\n";
    System.out.println();
    System.out.println(body);
    if (doc != null) {
      DocSection.replace(doc, "idempotency", body);
      System.out.println("bench: wrote the idempotency section of " + doc);
    }
    return new IdempotencyOutcome(measured, ceilings, handled, expected, keysLeft, body);
  }

  private static RedisBenchmark.Ceiling ceiling(
      RedisAdmin admin, RedisURI uri, int requests, String prefix) throws Exception {
    progress("redis-benchmark SET, " + requests + " requests, " + THREADS + " connections");
    RedisAdmin.Counters before = admin.counters();
    RedisBenchmark.Ceiling run =
        RedisBenchmark.run(uri.getHost(), uri.getPort(), requests, THREADS, prefix + "ceiling");
    RedisAdmin.Counters grown = admin.counters().minus(before);
    RedisBenchmark.Ceiling c =
        run.withServerMicros(
            grown.setCalls() == 0 ? Double.NaN : (double) grown.setMicros() / grown.setCalls());
    progress(String.format(java.util.Locale.ROOT, "  %,.0f SET/s", c.perSecond()));
    return c;
  }

  private static void progress(String line) {
    System.out.println("bench: " + line);
  }
}
