package dev.keel.bench.internal.queue;

import dev.keel.bench.internal.DocSection;
import dev.keel.bench.internal.Jvm;
import dev.keel.bench.internal.Machine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./keel bench queue [--smoke] [--doc PATH] [--jobs N] [--only a,b]}: runs each subject in a
 * child JVM ({@link QueueChild}) in a fresh schema or SQLite file, drops it afterwards, and writes
 * the table.
 */
public final class QueueCommand {

  /** Workers per subject, and threads enqueuing. */
  public static final int WORKERS = 16;

  /**
   * Most warm-up rounds of a full run, each as many jobs as measured (a smoke run does one). Per-
   * claim code runs once per batch, so it reaches C2 only after tens of thousands of jobs: with at
   * most 5 rounds, Keel's compiler threads were still at 37-65 % of a core when the cap stopped
   * them; they settle after 6-8.
   */
  static final int WARMUP_ROUNDS = 10;

  /**
   * Measured rounds of a full run (a smoke run does two, so that the reset between rounds runs in
   * CI): the table shows their median.
   */
  static final int MEASURED_ROUNDS = 5;

  private QueueCommand() {}

  /**
   * Runs the queue benchmark.
   *
   * @param smoke 500 jobs and 10 latency samples (unless {@code jobs} says otherwise); the table is
   *     printed, and written only when {@code doc} is given
   * @param doc the document to update, or null to print only
   * @param jobs jobs per subject, or null for the default (20,000; 500 in smoke mode)
   * @param only comma-separated subjects to run, or null for all
   * @return the results, one per subject
   * @throws Exception when the document cannot be written
   */
  public static List<QueueResult> run(boolean smoke, Path doc, Integer jobs, String only)
      throws Exception {
    int n = jobs != null ? jobs : smoke ? 500 : 20_000;
    int samples = smoke ? 10 : 200;
    int rounds = smoke ? 1 : WARMUP_ROUNDS;
    int measured = smoke ? 2 : MEASURED_ROUNDS;
    long timeoutSeconds = smoke ? 120 : 600;
    List<String> subjects = selected(only);
    String loadBefore = Machine.loadAverage();
    long start = System.nanoTime();
    List<QueueResult> results = new ArrayList<>();
    for (String subject : subjects) {
      results.add(runOne(subject, rounds, measured, n, samples, timeoutSeconds));
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    QueueReport report = new QueueReport(results);
    String body =
        "Measured "
            + Machine.today()
            + " with `./keel bench queue"
            + (smoke ? " --smoke" : "")
            + (jobs != null ? " --jobs " + jobs : "")
            + (only != null ? " --only " + only : "")
            + "` in "
            + seconds
            + " s on "
            + Machine.describe()
            + ", PostgreSQL at "
            + Postgres.baseUrl().replaceAll("\\?.*", "")
            + ". Load average (1, 5, 15 min) before: "
            + loadBefore
            + ", after: "
            + Machine.loadAverage()
            + ".\n"
            + Machine.busyWarning(loadBefore)
            + "Each system first warms up with its own code in a separate schema or file of the"
            + " same child JVM, as production queues run warm: rounds shaped like the measured"
            + " phases (enqueue "
            + n
            + " jobs, then drain them), until a round's drain keeps the JIT compilers under 10 % of"
            + " a core, at most "
            + rounds
            + (smoke ? "" : "; before each phase the child waits for the JIT compilers to go idle")
            + ". Then it is measured "
            + measured
            + " times, each from a fresh store: "
            + n
            + " no-op jobs, "
            + WORKERS
            + " workers, "
            + WORKERS
            + " enqueuing threads (one job per call and commit); drain = jobs ÷ (last completion"
            + " committed − first start); the table shows the median of those runs (each drain"
            + " in \"drain runs\"), and the ratios are ratios of medians. After the last run, idle"
            + " start latency over "
            + samples
            + " jobs sent 20–40 ms apart by another JVM, from the enqueue call to the handler's"
            + " start (includes the enqueue's own commit). JIT during drain: CPU of the child's"
            + " compiler threads while it drained, in % of one core (what is still compiling;"
            + " median of the runs).\n\n"
            + report.table()
            + "\nTargets (issue 3), as ratios in this run:\n\n"
            + report.targets();
    System.out.println();
    System.out.println(body);
    if (doc != null) {
      DocSection.replace(doc, "queue", body);
      System.out.println("bench: wrote the queue section of " + doc);
    }
    return results;
  }

  static List<String> selected(String only) {
    if (only == null) {
      return Subjects.ALL;
    }
    List<String> names = Arrays.stream(only.split(",")).map(String::strip).toList();
    for (String name : names) {
      if (!Subjects.ALL.contains(name)) {
        throw new IllegalArgumentException(
            "--only: unknown subject '" + name + "'; known: " + String.join(",", Subjects.ALL));
      }
    }
    return names;
  }

  private static QueueResult runOne(
      String subject, int warmupRounds, int measured, int jobs, int samples, long timeoutSeconds)
      throws Exception {
    boolean postgres = Subjects.usesPostgres(subject);
    Path sqliteDir = postgres ? null : Files.createTempDirectory("keel-bench-");
    String location =
        postgres
            ? Postgres.newSchemaName(subject)
            : sqliteDir.resolve("keel.db").toAbsolutePath().toString();
    String warmupLocation =
        postgres
            ? Postgres.newSchemaName(subject + "-warm")
            : sqliteDir.resolve("warmup.db").toAbsolutePath().toString();
    try {
      if (postgres) {
        Postgres.createSchema(location);
        Postgres.createSchema(warmupLocation);
      }
      Process child =
          new ProcessBuilder(
                  Jvm.command(
                      "1g",
                      QueueChild.class,
                      List.of(
                          subject,
                          location,
                          warmupLocation,
                          Integer.toString(warmupRounds),
                          Integer.toString(measured),
                          Integer.toString(jobs),
                          Integer.toString(WORKERS),
                          Integer.toString(samples),
                          Long.toString(timeoutSeconds))))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      QueueResult result = null;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        // The child bounds its own phases; this is the backstop if it hangs anyway.
        Thread killer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        if (!child.waitFor(timeoutSeconds + 60, TimeUnit.SECONDS)) {
                          child.destroyForcibly();
                        }
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(QueueResult.PREFIX)) {
            result = QueueResult.decode(line);
          } else {
            System.out.println(line);
          }
        }
        killer.interrupt();
      }
      child.waitFor(30, TimeUnit.SECONDS);
      return result != null
          ? result
          : QueueResult.failed(subject, "the child JVM ended without a result (see its output)");
    } finally {
      if (postgres) {
        Postgres.dropSchema(location);
        Postgres.dropSchema(warmupLocation);
      } else {
        deleteTree(sqliteDir);
      }
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
