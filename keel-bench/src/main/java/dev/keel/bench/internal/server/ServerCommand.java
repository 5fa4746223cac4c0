package dev.keel.bench.internal.server;

import dev.keel.bench.internal.DocSection;
import dev.keel.bench.internal.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * {@code ./keel bench server [--smoke] [--doc PATH] [--ops N]}: keel-server's HTTP API beside the
 * in-process keel-jobs API, on SQLite (a temp file) and on PostgreSQL (a fresh schema on {@code
 * KEEL_BENCH_PG_URL} or 127.0.0.1:5432, dropped afterwards). Writes section {@code server} of the
 * document.
 */
public final class ServerCommand {

  static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private ServerCommand() {}

  /**
   * Runs the benchmark.
   *
   * @param smoke 200 calls per side and operation, 50 to warm up (unless {@code ops} says
   *     otherwise); prints the table and writes only when {@code doc} is given
   * @param doc the document to update, or null to print only
   * @param ops calls per side, operation and store, or null for the default (5,000; 200 in smoke)
   * @return the rows measured
   * @throws Exception when a server cannot start, a database is unreachable, or the document cannot
   *     be written
   */
  public static List<ServerRow> run(boolean smoke, Path doc, Integer ops) throws Exception {
    // slf4j-simple reads a logger's level when the logger is made: before the server starts.
    System.setProperty("org.slf4j.simpleLogger.log.keel.access", "warn");
    int n = ops != null ? ops : smoke ? 200 : 5_000;
    int warmup = smoke ? 50 : 1_000;
    String loadBefore = Machine.loadAverage();
    long start = System.nanoTime();
    List<ServerRow> rows = new ArrayList<>();
    Path dir = Files.createTempDirectory("keel-bench-server-");
    try {
      rows.addAll(StoreRun.run("SQLite", "jdbc:sqlite:" + dir.resolve("keel.db"), n, warmup));
    } finally {
      deleteTree(dir);
    }
    String admin = System.getenv().getOrDefault("KEEL_BENCH_PG_URL", DEFAULT_PG);
    String schema =
        "keel_bench_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      rows.addAll(
          StoreRun.run("PostgreSQL", admin + sep(admin) + "currentSchema=" + schema, n, warmup));
    } finally {
      try (Connection c = DriverManager.getConnection(admin);
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    String loadAfter = Machine.loadAverage();
    String body = ServerReport.render(rows, n, warmup, seconds, smoke, loadBefore, loadAfter);
    System.out.println(body);
    if (doc != null) {
      DocSection.replace(doc, "server", body);
      System.err.println("bench: wrote section 'server' of " + doc);
    }
    return rows;
  }

  private static String sep(String url) {
    return url.contains("?") ? "&" : "?";
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
