package dev.keel.bench.internal.queue;

import dev.keel.bench.internal.DocSection;
import dev.keel.bench.internal.Jvm;
import dev.keel.bench.internal.Machine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./keel bench queue [--smoke] [--doc PATH] [--jobs N] [--only a,b]}: runs each subject in a
 * child JVM ({@link QueueChild}) in a fresh schema or SQLite file, the children taking turns
 * ({@link #runInTurns}), drops the schemas and files afterwards, and writes the table.
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
    List<QueueResult> results = runInTurns(subjects, rounds, measured, n, samples, timeoutSeconds);
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
            + "Each system runs in a child JVM of its own, and the systems take turns: one"
            + " phase (a warm-up, or a measured round) runs while the others wait idle, and the"
            + " order rotates each round, so a slow spell of the machine falls on every system"
            + " alike. Each system first warms up with its own code in a separate schema or file"
            + " of its child JVM, as production queues run warm: rounds shaped like the measured"
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

  /**
   * Runs the subjects' children in turns: all are started, each waits at a gate before its warm-up
   * and before each measured round, and one phase runs at a time, the order rotating from round to
   * round. A slow spell of the machine (seen here: the same drain moving by a third between runs)
   * then falls on every system of the run alike instead of on whichever ran during it.
   */
  private static List<QueueResult> runInTurns(
      List<String> subjects,
      int warmupRounds,
      int measured,
      int jobs,
      int samples,
      long timeoutSeconds)
      throws Exception {
    List<Child> children = new ArrayList<>();
    try {
      for (String subject : subjects) {
        children.add(Child.start(subject, warmupRounds, measured, jobs, samples, timeoutSeconds));
      }
      for (int phase = 0; phase <= measured; phase++) {
        for (int i = 0; i < children.size(); i++) {
          children.get((i + phase) % children.size()).runPhase(timeoutSeconds + 60);
        }
      }
      List<QueueResult> results = new ArrayList<>();
      for (Child c : children) {
        results.add(c.result());
      }
      return results;
    } finally {
      for (Child c : children) {
        c.close();
      }
    }
  }

  /** One subject's child JVM, its store locations, and what it has printed on stdout. */
  private static final class Child implements AutoCloseable {

    /** Marks the end of the child's stdout in {@link #events}. */
    private static final String EOF = "\0eof";

    private final String subject;
    private final Path sqliteDir;
    private final List<String> schemas;
    private final Process process;
    private final Writer gate;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private QueueResult result;
    private boolean ended;

    /** The child waits at a gate (its gate line has been read). */
    private boolean atGate;

    private Child(String subject, Path sqliteDir, List<String> schemas, Process process) {
      this.subject = subject;
      this.sqliteDir = sqliteDir;
      this.schemas = schemas;
      this.process = process;
      this.gate = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread.ofVirtual().name("bench-queue-" + subject).start(this::read);
    }

    static Child start(
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
      List<String> schemas = postgres ? List.of(location, warmupLocation) : List.of();
      for (String schema : schemas) {
        Postgres.createSchema(schema);
      }
      Process process;
      try {
        process =
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
      } catch (IOException | RuntimeException e) {
        remove(schemas, sqliteDir);
        throw e;
      }
      return new Child(subject, sqliteDir, schemas, process);
    }

    /** Forwards the child's output, keeping gates and its result as events. */
    private void read() {
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.equals(QueueChild.GATE) || line.startsWith(QueueResult.PREFIX)) {
            events.add(line);
          } else {
            System.out.println(line);
          }
        }
      } catch (IOException e) {
        System.out.println("bench queue [" + subject + "] output lost: " + e.getMessage());
      } finally {
        events.add(EOF);
      }
    }

    /**
     * Waits for the child to reach its next gate, lets it through, and waits until it is at the
     * following gate or done; a child that takes longer than {@code timeoutSeconds} is stopped.
     */
    void runPhase(long timeoutSeconds) throws Exception {
      if (!atGate && (ended || !await(timeoutSeconds))) {
        return;
      }
      gate.write("go\n");
      gate.flush();
      atGate = await(timeoutSeconds);
    }

    /** True when the child waits at a gate; false when it is done (result or end of output). */
    private boolean await(long timeoutSeconds) throws InterruptedException {
      String event = events.poll(timeoutSeconds, TimeUnit.SECONDS);
      if (event == null) {
        System.out.println("bench queue [" + subject + "] timed out; stopping it");
        process.destroyForcibly();
        ended = true;
        return false;
      }
      if (event.equals(QueueChild.GATE)) {
        return true;
      }
      if (event.startsWith(QueueResult.PREFIX)) {
        result = QueueResult.decode(event);
      }
      ended = true;
      return false;
    }

    QueueResult result() {
      return result != null
          ? result
          : QueueResult.failed(subject, "the child JVM ended without a result (see its output)");
    }

    @Override
    public void close() throws Exception {
      try {
        try {
          gate.close(); // a child still at a gate reads the end of its input and stops
        } catch (IOException e) {
          // it has exited already
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } finally {
        remove(schemas, sqliteDir);
      }
    }

    /** Drops a child's schemas, or deletes its SQLite directory. */
    private static void remove(List<String> schemas, Path sqliteDir) throws Exception {
      for (String schema : schemas) {
        Postgres.dropSchema(schema);
      }
      if (sqliteDir != null) {
        deleteTree(sqliteDir);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
