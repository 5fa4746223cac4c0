package dev.keel.testkit;

import dev.keel.jobs.DlqFilter;
import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.HandlerOptions;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobHandler;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobRescueParams;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.JobsConfig;
import dev.keel.jobs.LeaseRequest;
import dev.keel.jobs.LeasedJob;
import dev.keel.jobs.RescueResult;
import dev.keel.testkit.internal.JobDrainer;
import dev.keel.testkit.internal.JobsTimeTravel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A fresh embedded job queue for one test, whose jobs run on the test's own thread when asked: no
 * worker threads, no polling, no waiting for backoff.
 *
 * <pre>{@code
 * try (JobsTestSupport jobs = JobsTestSupport.create()) {
 *   jobs.register("email.send", Email.class, (ctx, email) -> mailer.send(email));
 *   long id = jobs.enqueue(JobRequest.of("email.send", new Email("a@b.c"))).jobId();
 *
 *   JobRunReport report = jobs.runAll();        // runs, retries at once, until all are finished
 *
 *   jobs.expectJob(id).isDead().hasAttempts(5).hasErrorTypes(SmtpException.class.getName());
 * }
 * }</pre>
 *
 * <p>Underneath is a real {@link Jobs} on a SQLite {@link JobStore} in a temporary directory:
 * enqueue, deduplication, validation, admission limits, backoff computation, attempt limits and the
 * DLQ behave exactly as in production. {@link Jobs#start()} is never called; instead {@link
 * #runDue()} and {@link #runAll()} claim jobs one at a time through the store's public lease path
 * and run the handlers registered here, as keel-jobs' workers would (see {@code JobDrainer} for the
 * one difference: an {@link Error} thrown by a handler, such as a failed assertion, propagates and
 * the attempt is not counted).
 *
 * <p>Time: the store runs on the database clock, not on a {@link dev.keel.core.ManualClock}. {@link
 * #runAll()} stands in for waiting by moving scheduled and retrying jobs' run time to now; {@link
 * #expireLeases()} makes running leases expire now and rescues them. These are the only writes the
 * testkit makes to keel-jobs' tables.
 *
 * <p>Not thread-safe: drive it from the test thread. Close it to close the store and delete its
 * directory.
 */
public final class JobsTestSupport implements AutoCloseable {

  /** The worker id recorded on attempts run by this support. */
  public static final String WORKER_ID = "keel-testkit";

  private final Path directory;
  private final JobStore store;
  private final Jobs jobs;
  private final JobsTimeTravel time;
  private final JobDrainer drainer;

  private JobsTestSupport(Path directory, UnaryOperator<JobsConfig.Builder> configure) {
    this.directory = directory;
    Path file = directory.resolve("jobs.db");
    this.store = JobStores.sqlite(file);
    try {
      JobsConfig.Builder builder = Jobs.builder(store).workerId(WORKER_ID).maintenance(false);
      this.jobs =
          Objects.requireNonNull(configure.apply(builder), "configure returned null").build();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    this.time = new JobsTimeTravel(file);
    this.drainer = new JobDrainer(jobs, time, WORKER_ID);
  }

  /** A fresh queue with keel-jobs' defaults (5 attempts, backoff 5 s..5 min) in a temp dir. */
  public static JobsTestSupport create() {
    return create(UnaryOperator.identity());
  }

  /**
   * A fresh queue whose configuration {@code configure} adjusts, e.g. {@code b ->
   * b.defaultMaxAttempts(3)}. The worker id and maintenance are set by the support (maintenance is
   * off: {@link #expireLeases()} rescues on demand).
   *
   * @throws UncheckedIOException if the temporary directory cannot be created
   */
  public static JobsTestSupport create(UnaryOperator<JobsConfig.Builder> configure) {
    Objects.requireNonNull(configure, "configure");
    Path dir;
    try {
      dir = Files.createTempDirectory("keel-jobs-test-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the job store", e);
    }
    try {
      return new JobsTestSupport(dir, configure);
    } catch (RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /** The queue: enqueue, job lookup, cancel, DLQ replay and discard, queue statistics. */
  public Jobs jobs() {
    return jobs;
  }

  /** The embedded store underneath. */
  public JobStore store() {
    return store;
  }

  /** The directory holding the store's SQLite file; deleted on {@link #close()}. */
  public Path directory() {
    return directory;
  }

  /**
   * Registers {@code handler} for {@code type} with default options; see {@link #register(String,
   * Class, HandlerOptions, JobHandler)}.
   */
  public <T> JobsTestSupport register(String type, Class<T> payloadType, JobHandler<T> handler) {
    return register(type, payloadType, HandlerOptions.DEFAULTS, handler);
  }

  /**
   * Registers {@code handler} for {@code type}: on the {@link Jobs} (so its options — max attempts,
   * backoff — apply) and for this support's runs.
   *
   * @throws IllegalStateException if {@code type} already has a handler
   */
  public <T> JobsTestSupport register(
      String type, Class<T> payloadType, HandlerOptions options, JobHandler<T> handler) {
    jobs.register(type, payloadType, options, handler);
    drainer.register(type, payloadType, handler);
    return this;
  }

  /** Enqueues one job (see {@link Jobs#enqueue(JobRequest)}). */
  public EnqueueResult enqueue(JobRequest request) {
    return jobs.enqueue(request);
  }

  /**
   * Runs every job that is due now, one at a time in priority order, including jobs that handlers
   * enqueue meanwhile; a failed attempt whose backoff has not passed stays {@code retrying}.
   */
  public JobRunReport runDue() {
    return drainer.drain(false);
  }

  /**
   * Runs until every job of a registered type has finished (completed, dead, cancelled), retrying
   * failures at once instead of waiting out their backoff and running scheduled jobs ahead of time.
   *
   * @throws IllegalStateException after 10,000 attempts in one call (handlers that keep enqueuing)
   */
  public JobRunReport runAll() {
    return drainer.drain(true);
  }

  /**
   * Leases up to {@code max} due jobs of {@code queue} as a remote worker would, without running
   * them: to simulate a worker that takes a job and dies ({@link #expireLeases()}), or to drive the
   * lease API by hand.
   */
  public List<LeasedJob> lease(String queue, int max) {
    return jobs.lease(queue, new LeaseRequest(WORKER_ID + "-lease", max, null, Duration.ZERO));
  }

  /**
   * Lets every running lease expire now and rescues those jobs as the maintenance leader would:
   * back to {@code retrying} with a {@code keel.LeaseExpired} error, or to the DLQ when their
   * attempts are spent.
   */
  public RescueResult expireLeases() {
    time.expireLeases();
    int retried = 0;
    int dead = 0;
    RescueResult r;
    do {
      r = store.jobRescueExpired(new JobRescueParams(1_000));
      retried += r.retried();
      dead += r.dead();
    } while (r.retried() + r.dead() > 0);
    return new RescueResult(retried, dead);
  }

  /** Jobs waiting to run (scheduled, available or retrying), due or not. */
  public long pending() {
    return time.liveCount();
  }

  /**
   * The job with this id.
   *
   * @throws AssertionError if there is none
   */
  public Job job(long id) {
    return jobs.job(id).orElseThrow(() -> new AssertionError("no job with id " + id));
  }

  /** Every dead job (the DLQ), newest first, up to 1,000. */
  public List<Job> deadLetters() {
    return jobs.dlqList(DlqFilter.ALL, null, 1_000);
  }

  /**
   * Checks on the job's current state, attempts, result and DLQ envelope.
   *
   * @throws AssertionError if there is no such job
   */
  public JobExpectation expectJob(long id) {
    return new JobExpectation(job(id), drainer.mapper());
  }

  /** Closes the store and deletes its directory. Idempotent. */
  @Override
  public void close() {
    try {
      jobs.shutdown(Duration.ZERO);
    } finally {
      store.close();
      deleteRecursively(directory);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the job store directory " + dir, e);
    }
  }
}
