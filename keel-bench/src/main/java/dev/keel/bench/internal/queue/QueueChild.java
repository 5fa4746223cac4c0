package dev.keel.bench.internal.queue;

import dev.keel.bench.internal.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the three phases for one subject in this JVM and prints one {@link QueueResult} line, after
 * a warm-up ({@link #warmUp}): the same subject code enqueues and drains rounds of {@code jobs}
 * jobs through its own workers in a separate location, so the measured phases run in a warm JVM as
 * production queues do rather than timing the JIT compiler. Measured phases:
 *
 * <ol>
 *   <li>enqueue {@code jobs} no-op jobs from {@code workers} threads, one job per call (and
 *       commit), workers stopped;
 *   <li>start {@code workers} workers and drain: jobs ÷ (last completion committed − first start);
 *   <li>after the last round, on the now idle queue, a {@link RemoteEnqueuer} in another JVM sends
 *       {@code samples} jobs 20–40 ms apart; start latency = handler start − enqueue call.
 * </ol>
 *
 * The first two run {@code rounds} times, each from a fresh store, and the result is their median:
 * a drain of 20,000 jobs lasts one or two seconds, and one such drain of the same subject moved by
 * up to half between runs in one JVM (a checkpoint or other work on the machine can fall into it).
 *
 * <p>The systems of one run take turns ({@link QueueCommand}): before its warm-up and before each
 * measured round the child waits, its compilers idle, at a gate ({@link #GATE} on stdout) until the
 * coordinator lets it through (a line on stdin), so no two systems are measured at once.
 *
 * <p>Arguments: subject, location, warm-up location, most warm-up rounds, measured rounds, jobs,
 * workers, samples, timeout seconds (per phase). Every wait is bounded.
 */
public final class QueueChild {

  /**
   * A warm-up round whose drain kept the JIT compilers below this share of a core ends the warm-up.
   */
  private static final double SETTLED_JIT_SHARE = 0.10;

  /** Whether to wait for idle JIT compilers between phases (full runs; smoke runs do not). */
  private static boolean settle;

  /** How long the JIT compilers must be idle before a measured phase starts. */
  private static final Duration COMPILER_QUIET = Duration.ofMillis(500);

  /** Longest wait for that. */
  private static final Duration COMPILER_WAIT = Duration.ofSeconds(20);

  /** The line a child prints when it waits at a gate; the coordinator answers with any line. */
  static final String GATE = "KEEL-BENCH-GATE";

  private static final BufferedReader COORDINATOR =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  private QueueChild() {}

  /**
   * Runs one subject.
   *
   * @param args subject, location, warm-up location, most warm-up rounds, measured rounds, jobs,
   *     workers, samples, timeout seconds
   * @throws Exception when the subject cannot be set up; phase failures are reported in the line
   */
  public static void main(String[] args) throws Exception {
    String subject = args[0];
    String location = args[1];
    String warmupLocation = args[2];
    int warmupRounds = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    int jobs = Integer.parseInt(args[5]);
    int workers = Integer.parseInt(args[6]);
    int samples = Integer.parseInt(args[7]);
    Duration timeout = Duration.ofSeconds(Long.parseLong(args[8]));
    QueueResult result;
    try {
      settle = warmupRounds > 1;
      gate(subject);
      int warmed = warmUp(subject, warmupLocation, warmupRounds, jobs, workers, timeout);
      result = measure(subject, location, rounds, jobs, workers, samples, timeout, warmed);
    } catch (Exception e) {
      e.printStackTrace();
      result = QueueResult.failed(subject, e.toString());
    }
    System.out.println(result.encode());
    System.out.flush();
    // Some peers leave non-daemon threads behind after stop(); the result is out, so leave.
    System.exit(0);
  }

  /**
   * Warms the JVM up with the subject's own code: rounds shaped like the measured phases (enqueue
   * {@code jobs} jobs, then drain them with {@code workers} workers) in {@code location}, emptied
   * after each round, until a round's drain kept the JIT compilers below {@link #SETTLED_JIT_SHARE}
   * of one core, or {@code maxRounds} rounds. The measured subject then starts from a fresh store
   * in a JVM whose paths are compiled, as in a queue that has been running for a while. (After one
   * round of 5,000 jobs, C2 was still compiling Keel's per-claim code through the measured drain,
   * more than half of the child's CPU: code that runs once per claim needs many claims to reach the
   * compiler's thresholds.)
   *
   * @return the jobs the warm-up ran
   */
  private static int warmUp(
      String subject, String location, int maxRounds, int jobs, int workers, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int round = 0;
    while (true) {
      round++;
      log(subject, "warm-up round " + round + ": enqueue " + jobs + " jobs, then drain them");
      double share;
      try (QueueSubject warm = Subjects.open(subject, location)) {
        warm.create();
        awaitCompilerIdle(subject);
        enqueue(warm, jobs, workers);
        share = drain(subject, warm, jobs, workers, deadline, "warm-up").jitShare();
      }
      empty(subject, location);
      log(
          subject,
          String.format(
              "warm-up round %d: the JIT compilers used %.0f %% of a core in its drain",
              round, share * 100));
      if (share < SETTLED_JIT_SHARE || round >= maxRounds) {
        return round * jobs;
      }
    }
  }

  /**
   * Empties {@code location} (a closed subject's schema or file) and the probe for the next round.
   */
  private static void empty(String subject, String location) throws Exception {
    if (Subjects.usesPostgres(subject)) {
      // JobRunr looks for its migrations table in every schema: gone, it creates its own again.
      Postgres.dropSchema(location);
      Postgres.createSchema(location);
    } else {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(location + suffix));
      }
    }
    Probe.reset();
  }

  /**
   * Once the JIT compilers are idle, starts {@code workers} workers and waits until all {@code
   * jobs} enqueued jobs have run and committed as finished.
   *
   * @return when the last completion was seen committed, and the CPU the JIT compiler threads used
   *     meanwhile
   */
  private static Drained drain(
      String subject, QueueSubject queue, int jobs, int workers, long deadline, String phase)
      throws Exception {
    awaitCompilerIdle(subject);
    long jit = Jit.compilerCpuNanos();
    long start = System.nanoTime();
    queue.startWorkers(workers);
    waitFor(() -> Probe.ranCount() >= jobs, deadline, phase + ": " + jobs + " jobs to run");
    long end =
        waitFor(
            () -> queue.remaining() == 0, deadline, phase + ": every job committed as finished");
    double jitShare = (double) (Jit.compilerCpuNanos() - jit) / (System.nanoTime() - start);
    return new Drained(end, jitShare);
  }

  /**
   * A finished drain.
   *
   * @param endNanos when the last completion was seen committed ({@link System#nanoTime()})
   * @param jitShare CPU the JIT compiler threads used during the drain, as a share of one core
   */
  private record Drained(long endNanos, double jitShare) {}

  private static QueueResult measure(
      String subject,
      String location,
      int rounds,
      int jobs,
      int workers,
      int samples,
      Duration timeout,
      int warmupJobs)
      throws Exception {
    double[] enqueueRates = new double[rounds];
    double[] drainRates = new double[rounds];
    double[] jitShares = new double[rounds];
    double[] latencies = new double[0];
    List<QueueResult.Span> spans = new ArrayList<>();
    String settings = "";
    for (int round = 0; round < rounds; round++) {
      gate(subject);
      long roundStart = System.currentTimeMillis();
      long deadline = System.nanoTime() + timeout.toNanos();
      if (round > 0) {
        empty(subject, location);
      }
      String which = "measured round " + (round + 1) + "/" + rounds + ": ";
      try (QueueSubject queue = Subjects.open(subject, location)) {
        queue.create();
        settings = queue.settings();
        awaitCompilerIdle(subject);
        log(subject, which + "enqueueing " + jobs + " jobs from " + workers + " threads");
        double enqueueSeconds = enqueue(queue, jobs, workers);
        log(
            subject,
            String.format(
                "%senqueued in %.2f s; draining with %d workers", which, enqueueSeconds, workers));
        Drained drained = drain(subject, queue, jobs, workers, deadline, "drain");
        jitShares[round] = drained.jitShare();
        double drainSeconds = (drained.endNanos() - Probe.firstStartNanos()) / 1e9;
        log(subject, String.format("%sdrained in %.2f s", which, drainSeconds));
        enqueueRates[round] = jobs / enqueueSeconds;
        drainRates[round] = jobs / drainSeconds;
        if (round == rounds - 1) {
          log(subject, "measuring idle start latency");
          latencies = latency(subject, location, queue, jobs, samples, deadline);
        }
      }
      spans.add(new QueueResult.Span(roundStart, System.currentTimeMillis()));
    }
    int started = latencies.length;
    Arrays.sort(latencies);
    return new QueueResult(
        subject,
        jobs,
        workers,
        median(enqueueRates),
        median(drainRates),
        Arrays.stream(drainRates).boxed().toList(),
        percentile(latencies, 50),
        percentile(latencies, 99),
        started + "/" + samples,
        settings,
        warmupJobs,
        median(jitShares),
        spans,
        started == samples ? "" : "only " + started + " of " + samples + " samples started");
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Waits, with the JIT compilers idle, until the coordinator lets this child run its next phase,
   * so that a phase never shares the machine with another system's.
   */
  private static void gate(String subject) throws Exception {
    awaitCompilerIdle(subject);
    System.out.println(GATE);
    System.out.flush();
    if (COORDINATOR.readLine() == null) {
      throw new IllegalStateException("the coordinator went away");
    }
  }

  /**
   * Waits until the JIT compiler threads have used no CPU for {@link #COMPILER_QUIET} (at most
   * {@link #COMPILER_WAIT}), so a phase is not charged with compiling the previous phase's code: on
   * 2 cores the compile queue left by a busy phase otherwise runs on into the next.
   */
  private static void awaitCompilerIdle(String subject) {
    if (!settle) {
      return;
    }
    long start = System.nanoTime();
    long last = Jit.compilerCpuNanos();
    long quietSince = start;
    while (System.nanoTime() - quietSince < COMPILER_QUIET.toNanos()
        && System.nanoTime() - start < COMPILER_WAIT.toNanos()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      long now = Jit.compilerCpuNanos();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
    log(
        subject,
        String.format("JIT compilers idle after %.1f s", (System.nanoTime() - start) / 1e9));
  }

  private static double enqueue(QueueSubject queue, int jobs, int threads) throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (QueueSubject.Enqueuer enqueuer = queue.openEnqueuer();
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                    enqueuer.enqueue(i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /** Latencies in milliseconds of the samples that started, in no particular order. */
  private static double[] latency(
      String subject, String location, QueueSubject queue, int base, int samples, long deadline)
      throws Exception {
    Probe.expectSamples(base, samples);
    long[] sent = new long[samples];
    if (queue.enqueuesFromAnotherProcess()) {
      sendFromAnotherProcess(subject, location, base, samples, sent);
    } else {
      try (QueueSubject.Enqueuer enqueuer = queue.openEnqueuer()) {
        RemoteEnqueuer.send(enqueuer, base, samples, (i, micros) -> sent[i] = micros);
      }
    }
    try {
      waitFor(
          () -> {
            for (int i = 0; i < samples; i++) {
              if (Probe.sampleStart(i) == 0) {
                return false;
              }
            }
            return true;
          },
          Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(60)),
          "latency samples to start");
    } catch (IllegalStateException e) {
      log(subject, e.getMessage());
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      long start = Probe.sampleStart(i);
      if (start != 0 && sent[i] != 0) {
        ms.add(Math.max(0, start - sent[i]) / 1000.0);
      }
    }
    return ms.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void sendFromAnotherProcess(
      String subject, String location, int base, int samples, long[] sent) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Jvm.command(
                    "512m",
                    RemoteEnqueuer.class,
                    List.of(subject, location, Integer.toString(base), Integer.toString(samples))))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    boolean finished = false;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("DONE")) {
          finished = true;
          break;
        }
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("A")) {
          sent[Integer.parseInt(parts[1])] = Long.parseLong(parts[2]);
        }
      }
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (!finished) {
      throw new IllegalStateException("the remote enqueuer stopped early, exit " + p.exitValue());
    }
  }

  /** Nearest-rank percentile of sorted values; NaN for none. */
  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code condition} every 5 ms until it holds.
   *
   * @return when the check that found it holding started ({@link System#nanoTime()}): the condition
   *     held by then, and the check's own time is the harness's
   */
  private static long waitFor(Condition condition, long deadline, String what) throws Exception {
    while (true) {
      long before = System.nanoTime();
      if (condition.holds()) {
        return before;
      }
      if (before > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static void log(String subject, String message) {
    System.err.println("bench queue [" + subject + "] " + message);
  }
}
