package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.core.Backoff;
import dev.keel.jobs.internal.Completer;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of a {@link JobStore}, run against each store by a subclass. Tests share one
 * store per class and isolate themselves by queue name.
 */
abstract class JobStoreContract {

  private static final AtomicInteger QUEUES = new AtomicInteger();

  /** The store under test (one per test class). */
  protected abstract JobStore store();

  /** A new connection to the same database, auto-commit on, for caller-transaction tests. */
  protected abstract Connection openConnection() throws Exception;

  private final List<Jobs> opened = new ArrayList<>();
  protected String queue;

  @BeforeEach
  void newQueue() {
    queue = "q" + QUEUES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  @AfterEach
  void closeJobs() {
    for (Jobs j : opened) {
      j.shutdown(Duration.ofSeconds(5));
    }
    opened.clear();
  }

  /** A Jobs with maintenance off and this test's queue configured (concurrency 0 = no workers). */
  protected Jobs jobs(Consumer<JobsConfig.Builder> tweak) {
    JobsConfig.Builder b =
        Jobs.builder(store())
            .maintenance(false)
            .queue(QueueConfig.defaults(queue).withConcurrency(0))
            .shutdownGrace(Duration.ofSeconds(5));
    tweak.accept(b);
    Jobs j = b.build();
    opened.add(j);
    return j;
  }

  protected Jobs jobs() {
    return jobs(b -> {});
  }

  /** The test's queue with two workers that poll every 50 ms. */
  protected QueueConfig twoWorkers() {
    return QueueConfig.defaults(queue).withConcurrency(2).withPollInterval(Duration.ofMillis(50));
  }

  protected JobRequest.Builder req(String type, Object payload) {
    // dedup is per owner across queues: each test is its own owner
    return JobRequest.builder(type).queue(queue).ownerId(queue).payload(payload);
  }

  protected long count(String q) {
    return store().queueStats(new QueueStatsParams(Duration.ofMinutes(5))).stream()
        .filter(s -> s.queue().equals(q))
        .mapToLong(s -> s.counts().values().stream().mapToLong(Long::longValue).sum())
        .sum();
  }

  protected List<LeasedJob> claim(int max, Duration timeout) {
    return store().jobClaim(JobClaimParams.of(queue, "w1", max, timeout));
  }

  protected Job get(long id) {
    return store().jobGet(id).orElseThrow();
  }

  // ------------------------------------------------------------------ enqueue

  @Test
  void enqueueIsConfirmedAndReadable() {
    Jobs jobs = jobs();
    EnqueueResult r =
        jobs.enqueue(req("t.echo", Map.of("b", 2, "a", 1)).ownerId("o1" + queue).build());
    assertThat(r.duplicate()).isFalse();
    Job job = get(r.jobId());
    assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
    assertThat(job.queue()).isEqualTo(queue);
    assertThat(job.type()).isEqualTo("t.echo");
    assertThat(job.payloadJson()).contains("\"a\":1").contains("\"b\":2");
    assertThat(job.ownerId()).isEqualTo("o1" + queue);
    assertThat(job.attempt()).isZero();
    assertThat(job.maxAttempts()).isEqualTo(5);
    assertThat(job.priority()).isEqualTo(5);
    assertThat(job.operationHash()).hasSize(64);
    assertThat(job.idempotencyKey()).isNotBlank();
    assertThat(job.enqueuedAt()).isNotNull();
    assertThat(job.errors()).isEmpty();
  }

  @Test
  void batchEnqueueReturnsResultsInOrderInOneTransaction() {
    Jobs jobs = jobs();
    List<EnqueueResult> rs =
        jobs.enqueueMany(
            List.of(
                req("t", Map.of("i", 1)).build(),
                req("t", Map.of("i", 2)).build(),
                req("t", Map.of("i", 1)).build()));
    assertThat(rs).hasSize(3);
    assertThat(rs.get(0).duplicate()).isFalse();
    assertThat(rs.get(1).duplicate()).isFalse();
    assertThat(rs.get(2).duplicate()).isTrue();
    assertThat(rs.get(2).jobId()).isEqualTo(rs.get(0).jobId());
    assertThat(get(rs.get(1).jobId()).payloadJson()).isEqualTo("{\"i\":2}");
    // one bad job in a batch: nothing of the batch is written
    long before = count(queue);
    assertThatThrownBy(
            () ->
                jobs.enqueueMany(
                    List.of(
                        req("t", Map.of("i", 3)).build(),
                        JobRequest.builder("t").queue(queue).payloadJson("{oops").build())))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("jobs[1].payload");
    assertThat(count(queue)).isEqualTo(before);
  }

  @Test
  void dedupReturnsTheOriginalJobAndCanonicalisesThePayload() {
    Jobs jobs = jobs();
    EnqueueResult first =
        jobs.enqueue(req("t", null).payloadJson("{\"a\":1,\"b\":[1,{\"y\":2,\"x\":1}]}").build());
    EnqueueResult again =
        jobs.enqueue(
            req("t", null).payloadJson("{ \"b\": [1, {\"x\":1, \"y\":2}], \"a\": 1 }").build());
    assertThat(again).isEqualTo(new EnqueueResult(first.jobId(), true));
    // another owner, another type, dedup off: new jobs
    assertThat(
            jobs.enqueue(req("t", null).payloadJson("{\"a\":1}").ownerId("other" + queue).build())
                .duplicate())
        .isFalse();
    EnqueueResult otherType = jobs.enqueue(req("t2", Map.of("a", 1)).build());
    assertThat(otherType.duplicate()).isFalse();
    EnqueueResult noDedup1 = jobs.enqueue(req("t2", Map.of("a", 1)).deduplicate(false).build());
    EnqueueResult noDedup2 = jobs.enqueue(req("t2", Map.of("a", 1)).deduplicate(false).build());
    assertThat(noDedup1.duplicate()).isFalse();
    assertThat(noDedup2.jobId()).isNotEqualTo(noDedup1.jobId());
    // an explicit key wins over the payload
    EnqueueResult k1 = jobs.enqueue(req("t3", Map.of("n", 1)).key("order-7").build());
    EnqueueResult k2 = jobs.enqueue(req("t3", Map.of("n", 2)).key("order-7").build());
    assertThat(k2).isEqualTo(new EnqueueResult(k1.jobId(), true));
  }

  @Test
  void dedupLedgerOutlivesPruningAndExpires() {
    Jobs jobs = jobs(b -> b.dedupRetention(Duration.ofHours(1)));
    EnqueueResult r = jobs.enqueue(req("t", Map.of("p", 1)).build());
    LeasedJob l = claim(1, Duration.ofSeconds(30)).get(0);
    jobs.complete(l.id(), l.leaseToken(), null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                store().jobPrune(new PruneParams(Duration.ZERO, 1000)) >= 0
                    && store().jobGet(r.jobId()).isEmpty());
    assertThat(jobs.enqueue(req("t", Map.of("p", 1)).build()))
        .isEqualTo(new EnqueueResult(r.jobId(), true));

    Jobs shortLived = jobs(b -> b.dedupRetention(Duration.ofMillis(50)));
    EnqueueResult s1 = shortLived.enqueue(req("t", Map.of("p", 2)).build());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              EnqueueResult s2 = shortLived.enqueue(req("t", Map.of("p", 2)).build());
              assertThat(s2.duplicate()).isFalse();
              assertThat(s2.jobId()).isNotEqualTo(s1.jobId());
            });
    shortLived.enqueue(req("t", Map.of("p", 3)).build());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> store().dedupPrune(new PruneParams(Duration.ZERO, 1000)) >= 1);
  }

  @Test
  void concurrentDuplicateEnqueuesCreateOneJob() throws Exception {
    Jobs jobs = jobs();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<EnqueueResult>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                return jobs.enqueue(
                    req("pay", Map.of("order", 42)).ownerId("tenant" + queue).build());
              }));
    }
    go.countDown();
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    int created = 0;
    for (Future<EnqueueResult> f : futures) {
      EnqueueResult r = f.get(30, TimeUnit.SECONDS);
      ids.add(r.jobId());
      created += r.duplicate() ? 0 : 1;
    }
    pool.shutdown();
    assertThat(created).isEqualTo(1);
    assertThat(ids).hasSize(1);
    assertThat(count(queue)).isEqualTo(1);
  }

  @Test
  void enqueueJoinsTheCallersTransaction() throws Exception {
    Jobs jobs = jobs();
    long committed;
    try (Connection c = openConnection()) {
      c.setAutoCommit(false);
      committed = jobs.enqueue(c, req("tx", Map.of("k", 1)).build()).jobId();
      c.commit();
    }
    assertThat(get(committed).state()).isEqualTo(JobState.AVAILABLE);
    long rolledBack;
    try (Connection c = openConnection()) {
      c.setAutoCommit(false);
      rolledBack = jobs.enqueue(c, req("tx", Map.of("k", 2)).build()).jobId();
      c.rollback();
    }
    assertThat(store().jobGet(rolledBack)).isEmpty();
    // the rolled-back dedup entry is gone too: the same job can be enqueued again
    assertThat(jobs.enqueue(req("tx", Map.of("k", 2)).build()).duplicate()).isFalse();
    try (Connection c = openConnection()) {
      assertThatThrownBy(() -> jobs.enqueue(c, req("tx", Map.of("k", 3)).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("setAutoCommit(false)");
    }
  }

  @Test
  void jobOnTheCallersConnectionSeesItsUncommittedEnqueue() throws Exception {
    Jobs jobs = jobs();
    try (Connection c = openConnection()) {
      c.setAutoCommit(false);
      long id = jobs.enqueue(c, req("tx", Map.of("k", 7)).build()).jobId();
      Job seen = jobs.job(c, id).orElseThrow();
      assertThat(seen.state()).isEqualTo(JobState.AVAILABLE);
      assertThat(seen.payloadJson()).contains("\"k\"");
      assertThat(jobs.job(c, id + 1_000_000)).isEmpty();
      // the caller's transaction is still usable afterwards
      long second = jobs.enqueue(c, req("tx", Map.of("k", 8)).build()).jobId();
      c.rollback();
      assertThat(store().jobGet(id)).isEmpty();
      assertThat(store().jobGet(second)).isEmpty();
    }
  }

  @Test
  void invalidInputGetsAClearErrorAndWritesNothing() {
    Jobs jobs = jobs(b -> b.maxPayloadBytes(1024));
    jobs.enqueue(req("t", Map.of("seed", 1)).build());
    long before = count(queue);
    assertThatThrownBy(
            () -> jobs.enqueue(JobRequest.builder("t").queue("bad queue!").payload(1).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("queue name must be 1-64");
    assertThatThrownBy(
            () -> jobs.enqueue(JobRequest.builder("t").queue("x".repeat(65)).payload(1).build()))
        .isInstanceOf(InvalidJobException.class);
    assertThatThrownBy(() -> jobs.enqueue(req("t", "x".repeat(2000)).build()))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("above the limit of 1024 bytes");
    assertThatThrownBy(() -> jobs.enqueue(req("t", null).payloadJson("{\"a\":").build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("payload is not well-formed JSON");
    assertThatThrownBy(() -> jobs.enqueue(req("t", null).payloadJson("{} trailing").build()))
        .isInstanceOf(InvalidJobException.class);
    assertThatThrownBy(() -> jobs.enqueue(req("t", 1).delay(Duration.ofSeconds(-1)).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("delay must not be negative");
    assertThatThrownBy(() -> jobs.enqueue(req("t", 1).priority(0).build()))
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> jobs.enqueue(req("t", 1).maxAttempts(0).build()))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> jobs.enqueue(req("", 1).build())).hasMessageContaining("type");
    assertThat(count(queue)).isEqualTo(before);

    // a lease token that is not the current one changes nothing
    LeasedJob l = claim(1, Duration.ofSeconds(30)).get(0);
    Job beforeJob = get(l.id());
    assertThatThrownBy(() -> jobs.complete(l.id(), "not-the-token", null))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("lease lost for job " + l.id());
    assertThatThrownBy(() -> jobs.fail(l.id(), "not-the-token", new JobError("E", "m", null), true))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> jobs.heartbeat(l.id(), "not-the-token", Duration.ofSeconds(5)))
        .isInstanceOf(LeaseLostException.class);
    assertThat(jobs.release(l.id(), "not-the-token")).isFalse();
    Job afterJob = get(l.id());
    assertThat(afterJob.state()).isEqualTo(JobState.RUNNING);
    assertThat(afterJob.leaseExpiresAt()).isEqualTo(beforeJob.leaseExpiresAt());
    assertThat(afterJob.errors()).isEmpty();
    assertThat(count(queue)).isEqualTo(before);
  }

  @Test
  void implicitQueuesCanBeSwitchedOff() {
    Jobs strict = jobs(b -> b.implicitQueues(false));
    assertThatThrownBy(
            () -> strict.enqueue(JobRequest.builder("t").queue("nope").payload(1).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("implicit queue creation is off");
    assertThat(strict.enqueue(req("t", 1).build()).duplicate()).isFalse();
  }

  // ------------------------------------------------------------------ claims and leases

  @Test
  void claimTakesDueJobsByPriorityThenAgeUpToMax() {
    Jobs jobs = jobs();
    long low = jobs.enqueue(req("t", 1).priority(9).build()).jobId();
    long normal1 = jobs.enqueue(req("t", 2).build()).jobId();
    long normal2 = jobs.enqueue(req("t", 3).build()).jobId();
    long urgent = jobs.enqueue(req("t", 4).priority(1).build()).jobId();
    List<LeasedJob> first = claim(2, Duration.ofSeconds(30));
    assertThat(first).extracting(LeasedJob::id).containsExactlyInAnyOrder(urgent, normal1);
    List<LeasedJob> rest = claim(10, Duration.ofSeconds(30));
    assertThat(rest).extracting(LeasedJob::id).containsExactlyInAnyOrder(normal2, low);
    assertThat(claim(10, Duration.ofSeconds(30))).isEmpty();
    LeasedJob l = first.get(0);
    assertThat(l.attempt()).isEqualTo(1);
    assertThat(l.leaseToken()).isNotBlank();
    assertThat(first.get(1).leaseToken()).isNotEqualTo(l.leaseToken());
    assertThat(l.leaseExpiresAt()).isAfter(Instant.now().minusSeconds(60));
    Job running = get(l.id());
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.workerId()).isEqualTo("w1");
    assertThat(running.attemptedAt()).isNotNull();
    // The claim returns its timestamps as epoch millis: the stored ones, to the millisecond.
    assertThat(l.leaseExpiresAt())
        .isEqualTo(running.leaseExpiresAt().truncatedTo(ChronoUnit.MILLIS));
    assertThat(l.enqueuedAt()).isEqualTo(running.enqueuedAt().truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void scheduledJobsWaitForTheirTime() {
    Jobs jobs = jobs();
    long later = jobs.enqueue(req("t", 1).runAt(Instant.now().plusSeconds(3600)).build()).jobId();
    long soon = jobs.enqueue(req("t", 2).delay(Duration.ofMillis(300)).build()).jobId();
    assertThat(get(later).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(get(soon).state()).isEqualTo(JobState.SCHEDULED);
    await().atMost(Duration.ofSeconds(30)).until(() -> !claim(5, Duration.ofSeconds(30)).isEmpty());
    assertThat(get(soon).state()).isEqualTo(JobState.RUNNING);
    assertThat(get(later).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(jobs.cancel(later)).contains(JobState.CANCELLED);
  }

  @Test
  void promoteMarksDueJobsAvailable() {
    Jobs jobs = jobs();
    long id = jobs.enqueue(req("t", 1).delay(Duration.ofMillis(100)).build()).jobId();
    assertThat(get(id).state()).isEqualTo(JobState.SCHEDULED);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              store().jobPromoteDue(new JobPromoteParams(1000));
              assertThat(get(id).state()).isEqualTo(JobState.AVAILABLE);
            });
  }

  @Test
  void heartbeatExtendsTheLeaseOnTheDatabaseClock() {
    Jobs jobs = jobs();
    jobs.enqueue(req("t", 1).build());
    LeasedJob l = claim(1, Duration.ofSeconds(1)).get(0);
    Instant extended = jobs.heartbeat(l.id(), l.leaseToken(), Duration.ofSeconds(60));
    assertThat(extended).isAfter(l.leaseExpiresAt().plusSeconds(30));
    assertThat(get(l.id()).leaseExpiresAt()).isEqualTo(extended);
  }

  @Test
  void completeIsFencedAndRepeatable() {
    Jobs jobs = jobs();
    jobs.enqueue(req("t", 1).build());
    LeasedJob l = claim(1, Duration.ofSeconds(30)).get(0);
    jobs.complete(l.id(), l.leaseToken(), "{\"ok\":true}");
    Job done = get(l.id());
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.resultJson()).isEqualTo("{\"ok\":true}");
    assertThat(done.finishedAt()).isNotNull();
    jobs.complete(l.id(), l.leaseToken(), "{\"ok\":true}"); // a retried ack is harmless
    assertThatThrownBy(() -> jobs.fail(l.id(), l.leaseToken(), new JobError("E", "m", ""), true))
        .isInstanceOf(LeaseLostException.class);
    assertThat(get(l.id()).state()).isEqualTo(JobState.COMPLETED);
    assertThat(
            store()
                .jobCompleteMany(
                    new JobCompleteManyParams(List.of(new JobAck(l.id(), "other", null)))))
        .containsExactly(l.id());
  }

  @Test
  void completeManyCompletesOnlyTheCurrentLeases() {
    Jobs jobs = jobs();
    jobs.enqueueMany(List.of(req("t", 1).build(), req("t", 2).build(), req("t", 3).build()));
    List<LeasedJob> ls = claim(3, Duration.ofSeconds(30));
    Set<Long> lost =
        store()
            .jobCompleteMany(
                new JobCompleteManyParams(
                    List.of(
                        new JobAck(ls.get(0).id(), ls.get(0).leaseToken(), null),
                        new JobAck(ls.get(1).id(), "stale", null),
                        new JobAck(ls.get(2).id(), ls.get(2).leaseToken(), "1"))));
    assertThat(lost).containsExactly(ls.get(1).id());
    assertThat(get(ls.get(0).id()).state()).isEqualTo(JobState.COMPLETED);
    assertThat(get(ls.get(1).id()).state()).isEqualTo(JobState.RUNNING);
    assertThat(get(ls.get(2).id()).resultJson()).isEqualTo("1");
  }

  @Test
  void completerTellsEachAckOnceAfterItsCommitAndLostLeasesAsFalse() {
    Jobs jobs = jobs();
    jobs.enqueueMany(List.of(req("t", 1).build(), req("t", 2).build()));
    List<LeasedJob> ls = claim(2, Duration.ofSeconds(30));
    long current = ls.get(0).id();
    long stale = ls.get(1).id();
    Map<Long, Boolean> told = new ConcurrentHashMap<>();
    AtomicInteger calls = new AtomicInteger();
    Completer completer = new Completer(store(), 10);
    try {
      completer.submit(
          new JobAck(current, ls.get(0).leaseToken(), "7"),
          (ok, err) -> {
            calls.incrementAndGet();
            told.put(current, ok && err == null && get(current).state() == JobState.COMPLETED);
            // a throwing callback must not make the committed batch look failed (and resent)
            throw new IllegalStateException("callback bug");
          });
      completer.submit(
          new JobAck(stale, "stale", null),
          (ok, err) -> {
            calls.incrementAndGet();
            told.put(stale, ok || err != null);
          });
      await().atMost(Duration.ofSeconds(10)).until(() -> told.size() == 2);
    } finally {
      completer.close();
    }
    assertThat(told).containsEntry(current, true).containsEntry(stale, false);
    assertThat(calls).hasValue(2);
    assertThat(get(current).resultJson()).isEqualTo("7");
    assertThat(get(stale).state()).isEqualTo(JobState.RUNNING);

    List<Throwable> afterClose = new CopyOnWriteArrayList<>();
    completer.submit(
        new JobAck(stale, ls.get(1).leaseToken(), null),
        (ok, err) -> afterClose.add(ok ? null : err));
    assertThat(afterClose).singleElement().asString().contains("completer closed");
    assertThat(get(stale).state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void failRetriesWithBackoffThenDeadLettersWithTheEnvelope() {
    Jobs jobs = jobs(b -> b.backoff(Backoff.of(Duration.ofMillis(100), Duration.ofMillis(200))));
    long id = jobs.enqueue(req("t", 1).maxAttempts(2).build()).jobId();
    LeasedJob a1 = claim(1, Duration.ofSeconds(30)).get(0);
    FailOutcome o1 =
        jobs.fail(
            a1.id(), a1.leaseToken(), new JobError("java.io.IOException", "boom", "st1"), true);
    assertThat(o1.state()).isEqualTo(JobState.RETRYING);
    assertThat(o1.nextRunAt()).isNotNull();
    assertThat(get(id).state()).isEqualTo(JobState.RETRYING);
    LeasedJob a2 =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> claim(1, Duration.ofSeconds(30)), l -> !l.isEmpty())
            .get(0);
    assertThat(a2.attempt()).isEqualTo(2);
    assertThat(a2.idempotencyKey()).isEqualTo(a1.idempotencyKey());
    FailOutcome o2 = jobs.fail(a2.id(), a2.leaseToken(), new JobError("E2", "again", "st2"), true);
    assertThat(o2).isEqualTo(new FailOutcome(JobState.DEAD, null));
    Job dead = get(id);
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.finishedAt()).isNotNull();
    assertThat(dead.errors()).hasSize(2);
    AttemptError e1 = dead.errors().get(0);
    assertThat(e1.attempt()).isEqualTo(1);
    assertThat(e1.type()).isEqualTo("java.io.IOException");
    assertThat(e1.message()).isEqualTo("boom");
    assertThat(e1.stack()).isEqualTo("st1");
    assertThat(e1.workerId()).isEqualTo("w1");
    assertThat(e1.startedAt()).isNotNull();
    assertThat(e1.failedAt()).isNotNull();
    assertThat(dead.errors().get(1).attempt()).isEqualTo(2);
  }

  @Test
  void nonRetryableFailureDeadLettersAtOnce() {
    Jobs jobs = jobs();
    long id = jobs.enqueue(req("t", 1).build()).jobId();
    LeasedJob l = claim(1, Duration.ofSeconds(30)).get(0);
    assertThat(jobs.fail(l.id(), l.leaseToken(), new JobError("Bad", "never", ""), false).state())
        .isEqualTo(JobState.DEAD);
    assertThat(get(id).attempt()).isEqualTo(1);
  }

  @Test
  void rescuerRevivesExpiredLeasesAndFencesTheOldWorker() {
    Jobs jobs = jobs();
    long id = jobs.enqueue(req("t", 1).maxAttempts(2).build()).jobId();
    LeasedJob stale = claim(1, Duration.ofMillis(200)).get(0);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> store().jobRescueExpired(new JobRescueParams(100)).retried() >= 1 || rescued(id));
    Job rescued = get(id);
    assertThat(rescued.state()).isIn(JobState.RETRYING, JobState.AVAILABLE);
    assertThat(rescued.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(AttemptError.LEASE_EXPIRED);
              assertThat(e.attempt()).isEqualTo(1);
            });
    assertThatThrownBy(() -> jobs.complete(id, stale.leaseToken(), null))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> jobs.heartbeat(id, stale.leaseToken(), Duration.ofSeconds(5)))
        .isInstanceOf(LeaseLostException.class);
    // second attempt also expires: attempts spent, so dead
    LeasedJob second = claim(1, Duration.ofMillis(200)).get(0);
    assertThat(second.attempt()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              store().jobRescueExpired(new JobRescueParams(100));
              assertThat(get(id).state()).isEqualTo(JobState.DEAD);
            });
    assertThat(get(id).errors()).hasSize(2);
  }

  private boolean rescued(long id) {
    return get(id).state() != JobState.RUNNING;
  }

  @Test
  void rescuerNeverOverwritesAFinishedJob() {
    Jobs jobs = jobs();
    long id = jobs.enqueue(req("t", 1).build()).jobId();
    LeasedJob l = claim(1, Duration.ofMillis(200)).get(0);
    jobs.complete(l.id(), l.leaseToken(), null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> store().jobGet(id).orElseThrow().finishedAt() != null);
    // well past the deadline: the rescuer finds nothing of ours to touch
    await()
        .pollDelay(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              store().jobRescueExpired(new JobRescueParams(100));
              Job j = get(id);
              assertThat(j.state()).isEqualTo(JobState.COMPLETED);
              assertThat(j.errors()).isEmpty();
            });
  }

  @Test
  void releaseGivesTheJobBackWithoutCountingTheAttempt() {
    Jobs jobs = jobs();
    long id = jobs.enqueue(req("t", 1).build()).jobId();
    LeasedJob l = claim(1, Duration.ofSeconds(30)).get(0);
    assertThat(jobs.release(l.id(), l.leaseToken())).isTrue();
    Job j = get(id);
    assertThat(j.state()).isEqualTo(JobState.AVAILABLE);
    assertThat(j.attempt()).isZero();
    assertThat(jobs.release(l.id(), l.leaseToken())).isFalse();
  }

  @Test
  void cancelOnlyStopsJobsThatHaveNotStarted() {
    Jobs jobs = jobs();
    long waiting = jobs.enqueue(req("t", 1).build()).jobId();
    assertThat(jobs.cancel(waiting)).contains(JobState.CANCELLED);
    assertThat(get(waiting).state()).isEqualTo(JobState.CANCELLED);
    assertThat(claim(1, Duration.ofSeconds(30))).isEmpty();
    long running = jobs.enqueue(req("t", 2).build()).jobId();
    claim(1, Duration.ofSeconds(30));
    assertThat(jobs.cancel(running)).contains(JobState.RUNNING);
    assertThat(get(running).state()).isEqualTo(JobState.RUNNING);
    assertThat(jobs.cancel(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void typeConcurrencyLimitHoldsInTheClaim() {
    Jobs jobs = jobs();
    for (int i = 0; i < 5; i++) {
      jobs.enqueue(req("limited", i).build());
    }
    JobClaimParams p =
        new JobClaimParams(
            queue, "w", 10, Duration.ofSeconds(30), Set.of("limited"), Set.of(), 2, null);
    List<LeasedJob> first = store().jobClaim(p);
    assertThat(first).hasSize(2);
    assertThat(store().jobClaim(p)).isEmpty();
    jobs.complete(first.get(0).id(), first.get(0).leaseToken(), null);
    assertThat(store().jobClaim(p)).hasSize(1);
  }

  @Test
  void claimFiltersByType() {
    Jobs jobs = jobs();
    long a = jobs.enqueue(req("a", 1).build()).jobId();
    long b = jobs.enqueue(req("b", 1).build()).jobId();
    List<LeasedJob> onlyB =
        store()
            .jobClaim(
                new JobClaimParams(
                    queue, "w", 10, Duration.ofSeconds(30), Set.of("b"), Set.of(), null, null));
    assertThat(onlyB).extracting(LeasedJob::id).containsExactly(b);
    List<LeasedJob> notA =
        store()
            .jobClaim(
                new JobClaimParams(
                    queue, "w", 10, Duration.ofSeconds(30), null, Set.of("a"), null, null));
    assertThat(notA).isEmpty();
    assertThat(claim(10, Duration.ofSeconds(30))).extracting(LeasedJob::id).containsExactly(a);
  }

  // ------------------------------------------------------------------ admission

  @Test
  void tokenBucketIsSharedAndRefillsInSql() {
    TokenBucketParams three = new TokenBucketParams("tb:" + queue, 3, 0.5, 1, false);
    for (int i = 0; i < 3; i++) {
      assertThat(store().tokenBucketTake(three).granted()).isEqualTo(1);
    }
    TokenBucketResult refused = store().tokenBucketTake(three);
    assertThat(refused.granted()).isZero();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
    TokenBucketParams partial = new TokenBucketParams("tb2:" + queue, 5, 1, 8, true);
    assertThat(store().tokenBucketTake(partial).granted()).isEqualTo(5);
  }

  @Test
  void enqueueOverTheAdmissionLimitIsRefusedAndWritesNothing() {
    Jobs jobs =
        jobs(
            b ->
                b.queue(
                    QueueConfig.defaults(queue)
                        .withConcurrency(0)
                        .withEnqueueLimit(new RateLimit(2, 0.1))));
    jobs.enqueue(req("t", 1).build());
    jobs.enqueue(req("t", 2).build());
    assertThatThrownBy(() -> jobs.enqueue(req("t", 3).build()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.queue()).isEqualTo(queue);
              assertThat(e.retryAfter()).isPositive();
            })
        .hasMessageContaining("nothing was written");
    assertThat(count(queue)).isEqualTo(2);
  }

  @Test
  void startLimitCapsClaims() {
    Jobs jobs = jobs();
    for (int i = 0; i < 5; i++) {
      jobs.enqueue(req("t", i).build());
    }
    JobClaimParams p =
        new JobClaimParams(
            queue,
            "w",
            10,
            Duration.ofSeconds(30),
            null,
            Set.of(),
            null,
            new TokenBucketParams("start:" + queue, 3, 0.01, 1, true));
    assertThat(store().jobClaim(p)).hasSize(3);
    assertThat(store().jobClaim(p)).isEmpty();
  }

  // ------------------------------------------------------------------ DLQ and stats

  private long deadJob(Jobs jobs, String type, String errorType) {
    long id = jobs.enqueue(req(type, Map.of("n", System.nanoTime())).build()).jobId();
    LeasedJob l =
        store()
            .jobClaim(
                new JobClaimParams(
                    queue, "w", 1, Duration.ofSeconds(30), Set.of(type), Set.of(), null, null))
            .get(0);
    jobs.fail(l.id(), l.leaseToken(), new JobError(errorType, "x", ""), false);
    return id;
  }

  @Test
  void dlqListsFiltersPagesReplaysAndDiscards() {
    Jobs jobs = jobs();
    long a1 = deadJob(jobs, "a", "E1");
    long a2 = deadJob(jobs, "a", "E2");
    long b1 = deadJob(jobs, "b", "E1");
    DlqFilter mine = DlqFilter.queue(queue);
    assertThat(jobs.dlqList(mine, null, 10)).extracting(Job::id).containsExactly(b1, a2, a1);
    assertThat(jobs.dlqList(new DlqFilter(queue, "a", null, null, null), null, 10))
        .extracting(Job::id)
        .containsExactly(a2, a1);
    assertThat(jobs.dlqList(new DlqFilter(queue, null, "E1", null, null), null, 10))
        .extracting(Job::id)
        .containsExactly(b1, a1);
    assertThat(
            jobs.dlqList(
                new DlqFilter(queue, null, null, Instant.now().plusSeconds(600), null), null, 10))
        .isEmpty();
    assertThat(
            jobs.dlqList(
                new DlqFilter(queue, null, null, null, Instant.now().plusSeconds(600)), null, 10))
        .hasSize(3);
    List<Job> page1 = jobs.dlqList(mine, null, 2);
    assertThat(page1).extracting(Job::id).containsExactly(b1, a2);
    assertThat(jobs.dlqList(mine, page1.get(1).id(), 2)).extracting(Job::id).containsExactly(a1);

    assertThat(jobs.dlqReplay(a1)).isTrue();
    assertThat(jobs.dlqReplay(a1)).isFalse();
    Job replayed = get(a1);
    assertThat(replayed.state()).isEqualTo(JobState.AVAILABLE);
    assertThat(replayed.attempt()).isZero();
    assertThat(replayed.errors()).hasSize(1); // history kept
    assertThat(jobs.dlqDiscard(b1)).isTrue();
    assertThat(get(b1).state()).isEqualTo(JobState.DISCARDED);
    long a3 = deadJob(jobs, "a", "E3");
    assertThat(jobs.dlqReplay(new DlqFilter(queue, "a", null, null, null))).isEqualTo(2);
    assertThat(get(a3).state()).isEqualTo(JobState.AVAILABLE);
    deadJob(jobs, "c", "E1");
    deadJob(jobs, "c", "E1");
    assertThat(jobs.dlqDiscard(new DlqFilter(queue, "c", "E1", null, null))).isEqualTo(2);
    assertThat(jobs.dlqList(mine, null, 10)).isEmpty();
  }

  @Test
  void queueStatsCountStatesAndLatency() {
    Jobs jobs = jobs();
    jobs.enqueue(req("t", 1).build());
    jobs.enqueue(req("t", 2).build());
    jobs.enqueue(req("t", 3).delay(Duration.ofHours(1)).build());
    deadJob(jobs, "d", "E");
    LeasedJob l = claim(1, Duration.ofSeconds(30)).get(0);
    QueueOverview o =
        jobs.queues().stream()
            .filter(q -> q.config().name().equals(queue))
            .findFirst()
            .orElseThrow();
    QueueStats s = o.stats();
    assertThat(s.counts().get(JobState.AVAILABLE)).isEqualTo(1);
    assertThat(s.counts().get(JobState.RUNNING)).isEqualTo(1);
    assertThat(s.counts().get(JobState.SCHEDULED)).isEqualTo(1);
    assertThat(s.counts().get(JobState.DEAD)).isEqualTo(1);
    assertThat(s.dlqDepth()).isEqualTo(1);
    assertThat(s.oldestAvailableAge().isNegative()).isFalse();
    assertThat(s.startLatency()).isNotNull();
    assertThat(s.startLatency().samples()).isEqualTo(2);
    assertThat(o.config().startLatencyTarget()).isEqualTo(Duration.ofMinutes(5));
    assertThat(l).isNotNull();
    assertThat(jobs.queues()).extracting(q -> q.config().name()).contains("high_priority", "batch");
  }

  @Test
  void startLatencyCountsRecentAttemptsInEveryLaterState() {
    // Given attempts that are now running, completed, retrying and dead (each state is read
    // through its own index since there is no index on attempted_at)
    Jobs jobs = jobs();
    for (int i = 0; i < 3; i++) {
      jobs.enqueue(req("t", i).build());
    }
    jobs.enqueue(req("never", 0).build());
    List<LeasedJob> claimed =
        store()
            .jobClaim(
                new JobClaimParams(
                    queue, "w", 3, Duration.ofSeconds(30), Set.of("t"), Set.of(), null, null));
    assertThat(claimed).hasSize(3);
    jobs.complete(claimed.get(0).id(), claimed.get(0).leaseToken(), null);
    jobs.fail(claimed.get(1).id(), claimed.get(1).leaseToken(), new JobError("E", "x", ""), true);
    deadJob(jobs, "d", "E");

    // When the queue's statistics are read
    QueueStats s =
        store().queueStats(new QueueStatsParams(Duration.ofMinutes(5))).stream()
            .filter(q -> q.queue().equals(queue))
            .findFirst()
            .orElseThrow();

    // Then every attempt counts once and the job never attempted does not
    assertThat(s.counts().get(JobState.COMPLETED)).isEqualTo(1);
    assertThat(s.counts().get(JobState.RETRYING)).isEqualTo(1);
    assertThat(s.startLatency().samples()).isEqualTo(4);
  }

  @Test
  void aBacklogOfMixedJobsKeepsEachOnItsKindOfThread() {
    // Given a backlog of short CPU-bound and IO jobs (finishing handlers run buffered jobs on
    // their own thread, but only jobs of their kind)
    Map<String, Set<Boolean>> virtualByType = new ConcurrentHashMap<>();
    Jobs jobs = jobs(b -> b.queue(twoWorkers()));
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      ids.add(jobs.enqueue(req(i % 3 == 0 ? "cpu" : "io", new Echo(i)).build()).jobId());
    }
    for (String type : List.of("cpu", "io")) {
      jobs.register(
          type,
          Echo.class,
          HandlerOptions.DEFAULTS.withCpuBound(type.equals("cpu")),
          (ctx, p) ->
              virtualByType
                  .computeIfAbsent(ctx.type(), k -> ConcurrentHashMap.newKeySet())
                  .add(Thread.currentThread().isVirtual()));
    }

    // When the workers drain it
    jobs.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ids.stream().allMatch(id -> get(id).state() == JobState.COMPLETED));

    // Then CPU-bound handlers only ran on platform threads, the others only on virtual ones
    assertThat(virtualByType)
        .containsOnly(Map.entry("cpu", Set.of(false)), Map.entry("io", Set.of(true)));
  }

  @Test
  void pruneRemovesOnlyOldFinishedJobs() {
    Jobs jobs = jobs();
    long done = jobs.enqueue(req("t", 1).build()).jobId();
    long waiting = jobs.enqueue(req("t", 2).build()).jobId();
    LeasedJob l = claim(1, Duration.ofSeconds(30)).get(0);
    assertThat(l.id()).isEqualTo(done);
    jobs.complete(l.id(), l.leaseToken(), null);
    long dead = deadJob(jobs, "d", "E");
    assertThat(store().jobPrune(new PruneParams(Duration.ofHours(1), 1000))).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                store().jobPrune(new PruneParams(Duration.ZERO, 1000)) >= 0
                    && store().jobGet(done).isEmpty());
    assertThat(store().jobGet(waiting)).isPresent();
    assertThat(store().jobGet(dead)).isPresent(); // the DLQ is never pruned
  }

  // ------------------------------------------------------------------ workers

  record Echo(int n) {}

  @Test
  void workersRunHandlersWithTypedPayloadsAndRecordResults() {
    Set<String> keys = ConcurrentHashMap.newKeySet();
    Jobs jobs =
        jobs(
            b ->
                b.queue(
                    QueueConfig.defaults(queue)
                        .withConcurrency(4)
                        .withPollInterval(Duration.ofMillis(100))));
    jobs.register(
        "echo",
        Echo.class,
        (ctx, p) -> {
          keys.add(ctx.idempotencyKey());
          ctx.result(Map.of("doubled", p.n() * 2));
        });
    jobs.start();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(jobs.enqueue(req("echo", new Echo(i)).build()).jobId());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ids.stream().allMatch(id -> get(id).state() == JobState.COMPLETED));
    assertThat(get(ids.get(7)).resultJson()).isEqualTo("{\"doubled\":14}");
    assertThat(keys).hasSize(30);
  }

  @Test
  void failingHandlersRetryAndNonRetryableOnesDeadLetter() {
    AtomicInteger calls = new AtomicInteger();
    List<String> keys = new CopyOnWriteArrayList<>();
    Jobs jobs =
        jobs(
            b ->
                b.backoff(Backoff.of(Duration.ofMillis(50), Duration.ofMillis(100)))
                    .queue(twoWorkers()));
    jobs.register(
        "flaky",
        Echo.class,
        (ctx, p) -> {
          keys.add(ctx.idempotencyKey());
          if (calls.incrementAndGet() < 3) {
            throw new IllegalStateException("transient " + ctx.attempt());
          }
        });
    jobs.register(
        "doomed",
        Echo.class,
        (ctx, p) -> {
          throw new NonRetryableException("bad input");
        });
    jobs.start();
    long flaky = jobs.enqueue(req("flaky", new Echo(1)).build()).jobId();
    long doomed = jobs.enqueue(req("doomed", new Echo(1)).build()).jobId();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(flaky).state() == JobState.COMPLETED);
    Job f = get(flaky);
    assertThat(f.attempt()).isEqualTo(3);
    assertThat(f.errors()).hasSize(2);
    assertThat(f.errors().get(0).type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(f.errors().get(0).stack()).contains("transient 1");
    assertThat(Set.copyOf(keys)).hasSize(1); // one key across all attempts
    await().atMost(Duration.ofSeconds(30)).until(() -> get(doomed).state() == JobState.DEAD);
    assertThat(get(doomed).attempt()).isEqualTo(1);
    assertThat(get(doomed).errors().get(0).type()).isEqualTo(NonRetryableException.class.getName());
  }

  @Test
  void heartbeatsKeepALongJobLeasedAndHandlersCanExtend() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<Instant> extended = new CopyOnWriteArrayList<>();
    Jobs jobs =
        jobs(
            b ->
                b.queue(
                    QueueConfig.defaults(queue)
                        .withConcurrency(1)
                        .withVisibilityTimeout(Duration.ofMillis(1500))
                        .withPollInterval(Duration.ofMillis(50))));
    jobs.register(
        "long",
        Echo.class,
        (ctx, p) -> {
          extended.add(ctx.extendLease(Duration.ofSeconds(2)));
          started.countDown();
          assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
        });
    jobs.start();
    long id = jobs.enqueue(req("long", new Echo(1)).build()).jobId();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    Instant first = get(id).leaseExpiresAt();
    // several lease lengths pass: heartbeats keep moving the deadline, nobody rescues it
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Instant now = get(id).leaseExpiresAt();
              return now != null && now.isAfter(first.plusMillis(3000));
            });
    assertThat(store().jobRescueExpired(new JobRescueParams(100)))
        .isEqualTo(new RescueResult(0, 0));
    assertThat(get(id).state()).isEqualTo(JobState.RUNNING);
    release.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(id).state() == JobState.COMPLETED);
    assertThat(extended).hasSize(1);
    assertThat(get(id).errors()).isEmpty();
  }

  @Test
  void cpuBoundHandlersRunOnPlatformThreads() {
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    Jobs jobs = jobs(b -> b.queue(twoWorkers()));
    jobs.register(
        "cpu",
        Echo.class,
        HandlerOptions.DEFAULTS.withCpuBound(true),
        (ctx, p) -> virtual.add(Thread.currentThread().isVirtual()));
    jobs.register("io", Echo.class, (ctx, p) -> virtual.add(Thread.currentThread().isVirtual()));
    jobs.start();
    long a = jobs.enqueue(req("cpu", new Echo(1)).build()).jobId();
    long b = jobs.enqueue(req("io", new Echo(1)).build()).jobId();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(a).state() == JobState.COMPLETED && get(b).state() == JobState.COMPLETED);
    assertThat(virtual).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void gracefulShutdownReleasesJobsStillRunning() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    Jobs jobs =
        jobs(
            b ->
                b.queue(
                    QueueConfig.defaults(queue)
                        .withConcurrency(1)
                        .withPollInterval(Duration.ofMillis(50))));
    jobs.register(
        "stuck",
        Echo.class,
        (ctx, p) -> {
          started.countDown();
          try {
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        });
    jobs.start();
    long id = jobs.enqueue(req("stuck", new Echo(1)).build()).jobId();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    jobs.shutdown(Duration.ofMillis(200));
    Job j = get(id);
    assertThat(j.state()).isEqualTo(JobState.AVAILABLE);
    assertThat(j.attempt()).isZero();
    assertThat(j.errors()).isEmpty();
    assertThat(interrupted.get()).isEqualTo(1);
  }

  @Test
  void typeLimitHoldsAcrossWorkers() {
    AtomicInteger current = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    Consumer<Jobs> register =
        j ->
            j.register(
                "scarce",
                Echo.class,
                HandlerOptions.DEFAULTS.withConcurrencyLimit(2),
                (ctx, p) -> {
                  int now = current.incrementAndGet();
                  peak.accumulateAndGet(now, Math::max);
                  try {
                    gate.await(200, TimeUnit.MILLISECONDS);
                  } finally {
                    current.decrementAndGet();
                  }
                });
    Consumer<JobsConfig.Builder> cfg =
        b ->
            b.queue(
                QueueConfig.defaults(queue)
                    .withConcurrency(4)
                    .withPollInterval(Duration.ofMillis(50)));
    Jobs n1 = jobs(cfg);
    Jobs n2 = jobs(cfg);
    register.accept(n1);
    register.accept(n2);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(n1.enqueue(req("scarce", new Echo(i)).build()).jobId());
    }
    n1.start();
    n2.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ids.stream().allMatch(id -> get(id).state() == JobState.COMPLETED));
    assertThat(peak.get()).isBetween(1, 2);
  }

  // ------------------------------------------------------------------ remote leases

  @Test
  void longPollLeaseIsWokenByAnEnqueue() throws Exception {
    Jobs jobs =
        jobs(
            b ->
                b.queue(
                    QueueConfig.defaults(queue)
                        .withConcurrency(0)
                        .withPollInterval(Duration.ofSeconds(60))));
    assertThat(jobs.lease(queue, new LeaseRequest("remote", 5, null, Duration.ZERO))).isEmpty();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<List<LeasedJob>> pending =
          pool.submit(
              () -> jobs.lease(queue, new LeaseRequest("remote", 5, null, Duration.ofSeconds(20))));
      // The long poll only ends early through a wake-up (the poll interval is 60 s): enqueue
      // until it has returned, so a wake-up sent before the waiter slept is not the only chance.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                jobs.enqueue(req("remote.job", Map.of("n", System.nanoTime())).build());
                return pending.isDone();
              });
      List<LeasedJob> got = pending.get();
      assertThat(got).isNotEmpty();
      assertThat(got.get(0).type()).isEqualTo("remote.job");
      assertThat(get(got.get(0).id()).workerId()).isEqualTo("remote");
    } finally {
      pool.shutdownNow();
    }
    assertThatThrownBy(() -> jobs.lease("no such queue", new LeaseRequest("w", 1, null, null)))
        .isInstanceOf(InvalidJobException.class);
  }
}
