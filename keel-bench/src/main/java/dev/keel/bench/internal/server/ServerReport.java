package dev.keel.bench.internal.server;

import dev.keel.bench.internal.Machine;
import dev.keel.bench.internal.load.LoadResult;
import java.util.List;
import java.util.Locale;

/** The markdown of {@code ./keel bench server}. */
final class ServerReport {

  private ServerReport() {}

  static String render(
      List<ServerRow> rows,
      int n,
      int warmup,
      long seconds,
      boolean smoke,
      String loadBefore,
      String loadAfter) {
    StringBuilder b = new StringBuilder();
    b.append("Measured ")
        .append(Machine.today())
        .append(" with `./keel bench server")
        .append(smoke ? " --smoke" : "")
        .append("` in ")
        .append(seconds)
        .append(" s on ")
        .append(Machine.describe())
        .append(". Load average (1, 5, 15 min) before: ")
        .append(loadBefore)
        .append(", after: ")
        .append(loadAfter)
        .append(".\n")
        .append(Machine.busyWarning(loadBefore))
        .append(
            "\nOne keel-server per store started in the benchmark's JVM (defaults: at most"
                + " 256 requests in flight; its access log `keel.access` set to WARN so the console"
                + " is not the bottleneck), ")
        .append(StoreRun.THREADS)
        .append(" virtual threads in a closed loop on each side, ")
        .append(fmt(n))
        .append(" calls per side, operation and store after ")
        .append(fmt(warmup))
        .append(
            " warm-up calls. **Library**: the server's own `Jobs` (keel-jobs public API,"
                + " same store and pool) — `Jobs.enqueue`, and `lease` (max 1) + `complete`."
                + " **HTTP**: the bare JDK `HttpClient` (HTTP/1.1) on loopback — `POST"
                + " /v1/queues/{q}/jobs` with a unique `Idempotency-Key` (201 expected), and `POST"
                + " /v1/queues/{q}/leases` (max 1) + `POST /v1/jobs/{id}/complete` (200 expected)."
                + " Idempotency keys are kept by the SQL store of the same database (SQLite, or"
                + " PostgreSQL; no Redis). Clients and server share the same cores, so HTTP figures"
                + " include the client's CPU. \"× cost\" is library ops/s ÷ HTTP ops/s.\n\n");
    b.append(
        "| store | operation | library ops/s | HTTP ops/s | × cost of HTTP | library p50 / p99, ms"
            + " | HTTP p50 / p99, ms | errors |\n");
    b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (ServerRow r : rows) {
      b.append("| ")
          .append(r.store())
          .append(" | ")
          .append(r.operation())
          .append(" | ")
          .append(fmt(Math.round(r.library().perSecond())))
          .append(" | ")
          .append(fmt(Math.round(r.http().perSecond())))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.2f", r.cost()))
          .append(" | ")
          .append(latency(r.library()))
          .append(" | ")
          .append(latency(r.http()))
          .append(" | ")
          .append(r.errors())
          .append(" |\n");
    }
    for (ServerRow r : rows) {
      for (LoadResult l : List.of(r.library(), r.http())) {
        if (l.errors() > 0) {
          b.append("\nFirst error (")
              .append(r.store())
              .append(", ")
              .append(r.operation())
              .append("): ")
              .append(l.firstError())
              .append('\n');
        }
      }
    }
    return b.toString();
  }

  private static String latency(LoadResult r) {
    long[] sorted = r.sorted();
    return String.format(
        Locale.ROOT,
        "%.1f / %.1f",
        LoadResult.quantileMicros(sorted, 0.5) / 1000,
        LoadResult.quantileMicros(sorted, 0.99) / 1000);
  }

  private static String fmt(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}
