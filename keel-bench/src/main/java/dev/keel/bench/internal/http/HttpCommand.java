package dev.keel.bench.internal.http;

import dev.keel.bench.internal.DocSection;
import dev.keel.bench.internal.Jvm;
import dev.keel.bench.internal.Machine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./keel bench http [--smoke] [--doc PATH] [--requests N]}: runs {@link HttpChild} twice, in
 * a child JVM each — once with Keel's request log at INFO written to a file through logback, as a
 * service would run in production, once with it off — and writes one table. Inside each child the
 * bare JDK client and Keel's client call the same endpoint side by side.
 */
public final class HttpCommand {

  /** The request-log settings, in the order they run. */
  static final List<String> LOGGINGS = List.of("file", "off");

  private HttpCommand() {}

  /**
   * Runs the HTTP benchmark.
   *
   * @param smoke 200 requests per round, 2 rounds, 100 to warm up (unless {@code requests} says
   *     otherwise); the table is printed, and written only when {@code doc} is given
   * @param doc the document to update, or null to print only
   * @param requests requests per client and round, or null for the default (4,000; 200 in smoke
   *     mode)
   * @return what was measured
   * @throws Exception when a child JVM fails to start or the document cannot be written
   */
  public static HttpOutcome run(boolean smoke, Path doc, Integer requests) throws Exception {
    // Short turns and many rounds: the two sides of each round's ratio run close together in
    // time, so a burst of the machine's other load rarely hits one side only.
    int n = requests != null ? requests : smoke ? 200 : 4_000;
    // A multiple of 6, so that with three clients each takes every turn equally often.
    int rounds = smoke ? 2 : 36;
    // Enough for C2 to compile Keel's deeper call paths (shorter warm-ups left Keel's CPU per
    // request still falling in the measured rounds).
    int warmup = smoke ? 100 : 30_000;
    long timeoutSeconds = smoke ? 120 : 1_200;
    String loadBefore = Machine.loadAverage();
    long start = System.nanoTime();
    List<HttpResult> results = new ArrayList<>();
    List<ChildSummary> summaries = new ArrayList<>();
    Map<String, Long> logLines = new LinkedHashMap<>();
    for (String logging : LOGGINGS) {
      Path log = Files.createTempFile("keel-bench-http-", ".log");
      try {
        List<String> options = new ArrayList<>(loggerProperties(logging, log));
        // Room for every client's pooled connections (3 × 64), so that the endpoint does not
        // close idle ones between turns (the JDK's default keeps 200).
        options.add("-Dsun.net.httpserver.maxIdleConnections=1024");
        List<String> cmd =
            Jvm.command(
                "1g",
                options,
                HttpChild.class,
                List.of(
                    logging,
                    Integer.toString(n),
                    Integer.toString(rounds),
                    Integer.toString(warmup)));
        runChild(cmd, timeoutSeconds, results, summaries);
        logLines.put(logging, requestLines(log));
      } finally {
        Files.deleteIfExists(log);
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    HttpReport report = new HttpReport(results);
    String smokeNote =
        smoke
            ? "**Smoke run**: a few operations on a cold JVM; it shows the harness works, not how"
                + " fast anything is.\n\n"
            : "";
    String body =
        smokeNote
            + "Measured "
            + Machine.today()
            + " with `./keel bench http"
            + (smoke ? " --smoke" : "")
            + (requests != null ? " --requests " + requests : "")
            + "` in "
            + seconds
            + " s on "
            + Machine.describe()
            + ". Load average (1, 5, 15 min) before: "
            + loadBefore
            + ", after: "
            + Machine.loadAverage()
            + ".\n"
            + Machine.busyWarning(loadBefore)
            + "`GET /orders/42?"
            + Clients.QUERY
            + "` → 200 with a "
            + LocalEndpoint.BODY.length()
            + "-byte JSON body from the JDK's `HttpServer` on loopback (a virtual thread per"
            + " exchange) in the same JVM as the clients, HTTP/1.1 for every client, "
            + HttpChild.THREADS
            + " virtual threads per client in a closed loop; "
            + n
            + " requests per client and round, "
            + rounds
            + " rounds after 2 × "
            + warmup
            + " warm-up requests per client; the clients take turns within each round (order"
            + " rotated every round). req/s is the median of the rounds; \"÷ bare\" is the median of"
            + " each round's ratio to the bare client configured as Keel's own (same HTTP/1.1,"
            + " timeouts, virtual-thread executor), so the ratio is the cost of Keel's layers alone;"
            + " p50/p99/p99.9 over all rounds' requests. CPU per request is the CPU time of the"
            + " whole JVM (clients, endpoint, GC) over all rounds ÷ their requests, and its ratio"
            + " the ratio of those totals; it moves less with the machine's other load than req/s"
            + " does. Keel"
            + " runs with its defaults (3 attempts,"
            + " circuit breaker, bulkhead of 128, no rate limit), meters in a"
            + " `PrometheusMeterRegistry`, OpenTelemetry API without an SDK (no spans recorded,"
            + " as without an agent). Each request-log setting is a JVM of its own, both logging"
            + " through logback: \"INFO to a file\" writes every Keel request's line (timestamp,"
            + " thread, level, logger, message) to a file through a `FileAppender` with"
            + " `immediateFlush=false` (an 8 KiB buffer written when full); \"off\" sets"
            + " `dev.keel.http.requests` to WARN. The bare client logs nothing; the third client is the bare one whose"
            + " caller writes the line a user would write for it (`GET <url without query> -> 200"
            + " in <n> ms`, an SLF4J template) to a logger set like Keel's, to the same file: Keel ÷"
            + " that is the cost of Keel's layers when both log.\n\n"
            + report.table()
            + "\nTarget (issue 5), as ratios in this run:\n\n"
            + report.targets()
            + "\nChecks: "
            + checks(summaries, logLines)
            + "\n";
    System.out.println();
    System.out.println(body);
    if (doc != null) {
      DocSection.replace(doc, "http", body);
      System.out.println("bench: wrote the http section of " + doc);
    }
    return new HttpOutcome(results, summaries, logLines, body);
  }

  /** A label for a request-log setting. */
  static String loggingLabel(String logging) {
    return switch (logging) {
      case "file" -> "INFO to a file";
      case "off" -> "off";
      default -> logging;
    };
  }

  /**
   * The child's logging: logback (as a service would log in production) with {@code
   * logback-http.xml}, the request log at INFO ({@code "file"}) or WARN ({@code "off"}) and its
   * lines written to {@code log}.
   */
  static List<String> loggerProperties(String logging, Path log) {
    return List.of(
        "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
        "-Dlogback.configurationFile=" + LOGBACK_CONFIG,
        "-Dkeel.bench.http.log=" + log.toAbsolutePath(),
        "-Dkeel.bench.http.requests=" + (logging.equals("file") ? "INFO" : "WARN"));
  }

  /** Keel's request logger (keel-http's README). */
  static final String REQUEST_LOGGER = "dev.keel.http.requests";

  /** The child's logback configuration, a resource on the class path. */
  static final String LOGBACK_CONFIG = "dev/keel/bench/internal/http/logback-http.xml";

  private static String checks(List<ChildSummary> summaries, Map<String, Long> logLines) {
    StringBuilder out = new StringBuilder();
    for (ChildSummary s : summaries) {
      out.append("request log ")
          .append(loggingLabel(s.logging()))
          .append(": the endpoint answered ")
          .append(s.answered())
          .append(" requests of ")
          .append(s.sent())
          .append(" sent")
          .append(
              s.answered() > s.sent()
                  ? " (the excess: requests the JDK client resent by itself on a pooled"
                      + " connection the server had closed)"
                  : "")
          .append("; Keel sent ")
          .append(s.keelSent())
          .append(", its `http.client.requests` counters sum to ")
          .append(s.keelMetered())
          .append(", its request log has ")
          .append(logLines.getOrDefault(s.logging(), 0L))
          .append(" lines, none with the query string. ");
    }
    return out.toString().strip();
  }

  /**
   * The request lines in {@code log}.
   *
   * @throws IllegalStateException when a line shows the query string Keel was asked to hide
   */
  static long requestLines(Path log) throws IOException {
    long count = 0;
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.contains(Clients.QUERY)) {
          throw new IllegalStateException(
              "the request log shows the query string, which Keel must never log: " + line);
        }
        if (line.contains(" INFO " + REQUEST_LOGGER + " - ")) {
          count++;
        }
      }
    }
    return count;
  }

  private static void runChild(
      List<String> cmd, long timeoutSeconds, List<HttpResult> results, List<ChildSummary> summaries)
      throws IOException, InterruptedException {
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    // The backstop if the child hangs: its requests time out after 10 s each, but a stuck round
    // would otherwise hold the parent forever.
    Thread killer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                      child.destroyForcibly();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(HttpResult.PREFIX)) {
          results.add(HttpResult.decode(line));
        } else if (line.startsWith(ChildSummary.PREFIX)) {
          summaries.add(ChildSummary.decode(line));
        } else {
          System.out.println(line);
        }
      }
    }
    killer.interrupt();
    if (!child.waitFor(30, TimeUnit.SECONDS) || child.exitValue() != 0) {
      child.destroyForcibly();
      throw new IOException(
          "the HTTP benchmark's child JVM failed (exit "
              + (child.isAlive() ? "none" : child.exitValue())
              + "); see its output above");
    }
  }
}
