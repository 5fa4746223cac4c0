package dev.keel.testkit.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.jobs.FailOutcome;
import dev.keel.jobs.JobClaimParams;
import dev.keel.jobs.JobError;
import dev.keel.jobs.JobHandler;
import dev.keel.jobs.JobState;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.LeasedJob;
import dev.keel.jobs.NonRetryableException;
import dev.keel.testkit.JobRunReport;
import dev.keel.testkit.JobRunReport.AttemptFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs due jobs one at a time on the calling thread through the public lease path (claim, then
 * complete or fail), with the semantics of keel-jobs' workers: payloads are read as the handler's
 * type (unreadable payloads are not retryable), an exception fails the attempt, a {@link
 * NonRetryableException} anywhere in the cause chain dead-letters at once, and the backoff and
 * attempt limits are the ones configured on {@link Jobs}.
 *
 * <p>Unlike a worker, an {@link Error} thrown by a handler (an {@link AssertionError} in a test) is
 * not recorded as a failure: the attempt is released, not counted, and the error propagates.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class JobDrainer {

  /** A registered handler. */
  private record Handler<T>(Class<T> payloadType, JobHandler<T> handler) {}

  /** Stops a drain that never ends (handlers that keep enqueuing). */
  private static final int MAX_ATTEMPTS_PER_RUN = 10_000;

  private final Jobs jobs;
  private final JobStore store;
  private final JobsTimeTravel time;
  private final String workerId;
  private final Map<String, Handler<?>> handlers = new ConcurrentHashMap<>();
  private final ObjectMapper mapper =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  /** A drainer for {@code jobs}, whose store lives in the file {@code time} points at. */
  public JobDrainer(Jobs jobs, JobsTimeTravel time, String workerId) {
    this.jobs = jobs;
    this.store = jobs.store();
    this.time = time;
    this.workerId = workerId;
  }

  /** Adds the handler run for {@code type}. */
  public <T> void register(String type, Class<T> payloadType, JobHandler<T> handler) {
    handlers.put(type, new Handler<>(payloadType, handler));
  }

  /** The mapper used for payloads and results. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Runs jobs until none is due; with {@code fastForward}, scheduled and retrying jobs are made due
   * before every pass, so it runs until every job of a registered type has finished.
   */
  public JobRunReport drain(boolean fastForward) {
    Tally tally = new Tally();
    while (true) {
      if (fastForward) {
        time.makeDue();
      }
      int before = tally.attempts;
      for (String queue : time.queuesWithDueWork()) {
        LeasedJob job;
        while ((job = claimOne(queue)) != null) {
          run(job, tally);
          if (tally.attempts > MAX_ATTEMPTS_PER_RUN) {
            throw new IllegalStateException(
                "gave up after "
                    + MAX_ATTEMPTS_PER_RUN
                    + " attempts: do handlers keep enqueuing new jobs?");
          }
        }
      }
      if (tally.attempts == before || !fastForward) {
        return tally.report();
      }
    }
  }

  private LeasedJob claimOne(String queue) {
    if (handlers.isEmpty()) {
      return null;
    }
    List<LeasedJob> claimed =
        store.jobClaim(
            new JobClaimParams(
                queue,
                workerId,
                1,
                jobs.config().queue(queue).visibilityTimeout(),
                Set.copyOf(handlers.keySet()),
                Set.of(),
                null,
                null));
    return claimed.isEmpty() ? null : claimed.getFirst();
  }

  private void run(LeasedJob job, Tally tally) {
    tally.attempts++;
    SyncJobContext ctx = new SyncJobContext(job, jobs, workerId, mapper);
    Exception failure = null;
    try {
      invoke(handlers.get(job.type()), ctx, job);
    } catch (Exception e) {
      failure = e;
    } catch (Error e) {
      jobs.release(job.id(), job.leaseToken());
      tally.attempts--;
      throw e;
    }
    if (ctx.leaseLost()) {
      return;
    }
    if (failure == null) {
      jobs.complete(job.id(), job.leaseToken(), ctx.resultJson());
      tally.completed++;
      return;
    }
    FailOutcome outcome =
        jobs.fail(job.id(), job.leaseToken(), JobError.of(failure), !isNonRetryable(failure));
    if (outcome.state() == JobState.DEAD) {
      tally.dead++;
    } else {
      tally.retried++;
    }
    tally.failures.add(
        new AttemptFailure(job.id(), job.type(), job.attempt(), failure, outcome.state()));
  }

  private <T> void invoke(Handler<T> h, SyncJobContext ctx, LeasedJob job) throws Exception {
    T payload;
    try {
      payload = mapper.readValue(job.payloadJson(), h.payloadType());
    } catch (Exception e) {
      throw new NonRetryableException(
          "payload cannot be read as " + h.payloadType().getName() + ": " + e.getMessage(), e);
    }
    h.handler().handle(ctx, payload);
  }

  private static boolean isNonRetryable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NonRetryableException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  private static final class Tally {
    int attempts;
    int completed;
    int retried;
    int dead;
    final List<AttemptFailure> failures = new ArrayList<>();

    JobRunReport report() {
      return new JobRunReport(attempts, completed, retried, dead, failures);
    }
  }
}
