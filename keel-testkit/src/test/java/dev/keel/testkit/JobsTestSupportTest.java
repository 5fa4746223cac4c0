package dev.keel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.jobs.AttemptError;
import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.HandlerOptions;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobState;
import dev.keel.jobs.NonRetryableException;
import dev.keel.jobs.RescueResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Running enqueued jobs synchronously on a fresh embedded store, and checking the outcome. */
class JobsTestSupportTest {

  record Email(String to) {}

  private final JobsTestSupport jobs = JobsTestSupport.create();

  @AfterEach
  void close() {
    jobs.close();
  }

  private long enqueue(String type, Object payload) {
    return jobs.enqueue(JobRequest.builder(type).payload(payload).build()).jobId();
  }

  @Test
  void runsAJobOnTheTestThreadAndStoresItsResult() {
    List<String> sent = new ArrayList<>();
    Thread test = Thread.currentThread();
    jobs.register(
        "email.send",
        Email.class,
        (ctx, email) -> {
          assertThat(Thread.currentThread()).isSameAs(test);
          sent.add(email.to());
          ctx.result(Map.of("sent", true));
        });
    long id = enqueue("email.send", new Email("a@example.com"));

    JobRunReport report = jobs.runAll();

    assertThat(sent).containsExactly("a@example.com");
    assertThat(report.attempts()).isEqualTo(1);
    assertThat(report.completed()).isEqualTo(1);
    assertThat(report.failures()).isEmpty();
    jobs.expectJob(id).isCompleted().hasAttempts(1).hasResult("{ \"sent\" : true }");
    assertThat(jobs.pending()).isZero();
  }

  @Test
  void runAllRetriesAtOnceUntilTheJobSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    List<String> keys = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    jobs.register(
        "charge",
        Email.class,
        (ctx, p) -> {
          keys.add(ctx.idempotencyKey());
          attempts.add(ctx.attempt());
          assertThat(ctx.workerId()).isEqualTo(JobsTestSupport.WORKER_ID);
          if (calls.incrementAndGet() < 3) {
            throw new IOException("payment service down");
          }
        });
    long id = enqueue("charge", new Email("x"));

    JobRunReport report = jobs.runAll();

    assertThat(report.attempts()).isEqualTo(3);
    assertThat(report.retried()).isEqualTo(2);
    assertThat(report.completed()).isEqualTo(1);
    assertThat(report.failures())
        .extracting(JobRunReport.AttemptFailure::next)
        .containsExactly(JobState.RETRYING, JobState.RETRYING);
    assertThat(attempts).containsExactly(1, 2, 3);
    assertThat(keys).hasSize(3).containsOnly(keys.getFirst());
    jobs.expectJob(id)
        .isCompleted()
        .hasAttempts(3)
        .hasErrorTypes(IOException.class.getName(), IOException.class.getName());
  }

  @Test
  void runDueLeavesAFailedJobWaitingForItsBackoff() {
    AtomicInteger calls = new AtomicInteger();
    jobs.register(
        "flaky",
        Email.class,
        (ctx, p) -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("first time fails");
          }
        });
    long id = enqueue("flaky", new Email("x"));

    JobRunReport first = jobs.runDue();

    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.retried()).isEqualTo(1);
    jobs.expectJob(id).isRetrying().hasAttempts(1).hasLastErrorMessageContaining("first time");
    // Backoff is 5 s ±25 %: the retry is scheduled in the future.
    assertThat(jobs.job(id).runAt()).isAfter(jobs.job(id).errors().getFirst().failedAt());
    assertThat(jobs.runDue().attempts()).isZero();
    assertThat(jobs.pending()).isEqualTo(1);

    assertThat(jobs.runAll().completed()).isEqualTo(1);
    jobs.expectJob(id).isCompleted().hasAttempts(2);
  }

  @Test
  void aJobThatKeepsFailingEndsInTheDlqWithItsEnvelope() {
    jobs.register(
        "email.send",
        Email.class,
        HandlerOptions.DEFAULTS.withMaxAttempts(3),
        (ctx, p) -> {
          throw new IOException("smtp refused attempt " + ctx.attempt());
        });
    long id = enqueue("email.send", new Email("b@example.com"));

    JobRunReport report = jobs.runAll();

    assertThat(report.attempts()).isEqualTo(3);
    assertThat(report.deadLettered()).isEqualTo(1);
    JobExpectation dead =
        jobs.expectJob(id)
            .isDead()
            .hasAttempts(3)
            .hasErrorTypes(
                IOException.class.getName(),
                IOException.class.getName(),
                IOException.class.getName())
            .hasLastErrorMessageContaining("smtp refused attempt 3")
            .hasPayload("{\"to\":\"b@example.com\"}");
    AttemptError last = dead.lastError();
    assertThat(last.workerId()).isEqualTo(JobsTestSupport.WORKER_ID);
    assertThat(last.stack()).contains("IOException");
    assertThat(jobs.deadLetters()).extracting(j -> j.id()).containsExactly(id);
  }

  @Test
  void aReplayedDeadJobRunsAgainAndKeepsItsHistory() {
    AtomicInteger calls = new AtomicInteger();
    jobs.register(
        "once-broken",
        Email.class,
        HandlerOptions.DEFAULTS.withMaxAttempts(1),
        (ctx, p) -> {
          if (calls.incrementAndGet() == 1) {
            throw new IOException("broken");
          }
        });
    long id = enqueue("once-broken", new Email("x"));
    jobs.runAll();
    jobs.expectJob(id).isDead();

    assertThat(jobs.jobs().dlqReplay(id)).isTrue();
    jobs.runAll();

    jobs.expectJob(id).isCompleted().hasAttempts(1).hasErrorTypes(IOException.class.getName());
  }

  @Test
  void nonRetryableFailuresAndUnreadablePayloadsDeadLetterAtOnce() {
    jobs.register(
        "refuse",
        Email.class,
        (ctx, p) -> {
          throw new IllegalStateException("wrapped", new NonRetryableException("card declined"));
        });
    jobs.register("typed", Integer.class, (ctx, n) -> {});
    long refused = enqueue("refuse", new Email("x"));
    long unreadable = enqueue("typed", new Email("not a number"));

    JobRunReport report = jobs.runAll();

    assertThat(report.attempts()).isEqualTo(2);
    assertThat(report.deadLettered()).isEqualTo(2);
    jobs.expectJob(refused).isDead().hasAttempts(1);
    jobs.expectJob(unreadable)
        .isDead()
        .hasAttempts(1)
        .hasErrorTypes(NonRetryableException.class.getName())
        .hasLastErrorMessageContaining("payload cannot be read as java.lang.Integer");
  }

  @Test
  void jobsEnqueuedByHandlersRunInTheSameDrain() {
    List<String> order = new ArrayList<>();
    jobs.register(
        "order.placed",
        Email.class,
        (ctx, p) -> {
          order.add("placed");
          jobs.enqueue(JobRequest.of("email.send", new Email(p.to())));
        });
    jobs.register("email.send", Email.class, (ctx, p) -> order.add("email " + p.to()));
    enqueue("order.placed", new Email("c@example.com"));

    assertThat(jobs.runAll().completed()).isEqualTo(2);
    assertThat(order).containsExactly("placed", "email c@example.com");
  }

  @Test
  void duplicatesAreDeduplicatedAndRunOnce() {
    AtomicInteger runs = new AtomicInteger();
    jobs.register("email.send", Email.class, (ctx, p) -> runs.incrementAndGet());
    JobRequest request =
        JobRequest.builder("email.send").ownerId("tenant-1").payload(new Email("d")).build();

    EnqueueResult first = jobs.enqueue(request);
    EnqueueResult second = jobs.enqueue(request);
    jobs.runAll();

    assertThat(second.duplicate()).isTrue();
    assertThat(second.jobId()).isEqualTo(first.jobId());
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void scheduledJobsRunOnlyWhenEverythingIsRun() {
    AtomicInteger runs = new AtomicInteger();
    jobs.register("later", Email.class, (ctx, p) -> runs.incrementAndGet());
    long id =
        jobs.enqueue(
                JobRequest.builder("later")
                    .payload(new Email("x"))
                    .delay(Duration.ofHours(1))
                    .build())
            .jobId();

    assertThat(jobs.runDue().attempts()).isZero();
    jobs.expectJob(id).hasState(JobState.SCHEDULED);

    jobs.runAll();
    assertThat(runs.get()).isEqualTo(1);
    jobs.expectJob(id).isCompleted();
  }

  @Test
  void aFailedAssertionInAHandlerPropagatesAndDoesNotCountAsAnAttempt() {
    jobs.register(
        "checks",
        Email.class,
        (ctx, p) -> {
          throw new AssertionError("expected something else");
        });
    long id = enqueue("checks", new Email("x"));

    assertThatThrownBy(jobs::runAll)
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected something else");
    jobs.expectJob(id).hasState(JobState.AVAILABLE);
    assertThat(jobs.job(id).errors()).isEmpty();
  }

  @Test
  void anExpiredLeaseIsRescuedAsIfTheWorkerDied() {
    jobs.register("work", Email.class, (ctx, p) -> {});
    long id = enqueue("work", new Email("x"));
    assertThat(jobs.lease("default", 10)).extracting(j -> j.id()).containsExactly(id);
    jobs.expectJob(id).hasState(JobState.RUNNING);

    RescueResult rescued = jobs.expireLeases();

    assertThat(rescued).isEqualTo(new RescueResult(1, 0));
    jobs.expectJob(id).isRetrying().hasErrorTypes(AttemptError.LEASE_EXPIRED);
    jobs.runAll();
    jobs.expectJob(id).isCompleted().hasAttempts(2);
  }

  @Test
  void jobsWithoutAHandlerAreLeftAlone() {
    long id = enqueue("nobody.handles", new Email("x"));

    assertThat(jobs.runAll().attempts()).isZero();
    jobs.expectJob(id).hasState(JobState.AVAILABLE);
    assertThat(jobs.pending()).isEqualTo(1);
  }

  @Test
  void expectationsFailWithTheJobsSummary() {
    jobs.register(
        "fails",
        Email.class,
        HandlerOptions.DEFAULTS.withMaxAttempts(1),
        (ctx, p) -> {
          throw new IOException("nope");
        });
    long id = enqueue("fails", new Email("x"));
    jobs.runAll();

    assertThatThrownBy(() -> jobs.expectJob(id).isCompleted())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected state completed")
        .hasMessageContaining("is dead after 1/1 attempts")
        .hasMessageContaining("1:java.io.IOException");
    assertThatThrownBy(() -> jobs.expectJob(id).hasAttempts(2))
        .hasMessageContaining("expected 2 attempts");
    assertThatThrownBy(() -> jobs.expectJob(id).hasResult("{\"a\":1}"))
        .hasMessageContaining("expected result {\"a\":1} but was null");
    assertThatThrownBy(() -> jobs.expectJob(424242)).hasMessageContaining("no job with id 424242");
  }

  @Test
  void customConfigurationApplies() {
    try (JobsTestSupport custom = JobsTestSupport.create(b -> b.defaultMaxAttempts(2))) {
      custom.register(
          "fails",
          Email.class,
          (ctx, p) -> {
            throw new IOException("x");
          });
      long id = custom.enqueue(JobRequest.of("fails", new Email("x"))).jobId();

      custom.runAll();

      custom.expectJob(id).isDead().hasAttempts(2);
    }
  }

  @Test
  void closingDeletesTheStoreDirectory() {
    JobsTestSupport other = JobsTestSupport.create();
    Path dir = other.directory();
    assertThat(Files.exists(dir.resolve("jobs.db"))).isTrue();

    other.close();
    other.close();

    assertThat(Files.exists(dir)).isFalse();
  }
}
