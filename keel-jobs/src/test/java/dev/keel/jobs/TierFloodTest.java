package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test (4): a flood of 50,000 {@code batch} jobs cannot delay {@code high_priority}
 * jobs, which have their own worker pool; their start latency is measured against the 30 s target.
 */
class TierFloodTest {

  record Item(int n) {}

  private String schema;
  private JobStore store;
  private Jobs jobs;

  @BeforeEach
  void open() {
    schema = PgTestSupport.randomSchema();
    store = JobStores.postgres(PostgresStoreConfig.of(PgTestSupport.URL, schema));
  }

  @AfterEach
  void close() throws Exception {
    if (jobs != null) {
      jobs.shutdown(Duration.ofSeconds(5));
    }
    store.close();
    PgTestSupport.dropSchema(PgTestSupport.URL, schema);
  }

  @Test
  void highPriorityJobsStartWithinTheirTargetDuringABatchFlood() throws Exception {
    jobs =
        Jobs.builder(store)
            .queue(QueueConfig.highPriority().withConcurrency(4))
            .queue(QueueConfig.batch().withConcurrency(8))
            .queue(QueueConfig.defaultTier().withConcurrency(0))
            .build();
    AtomicInteger batchDone = new AtomicInteger();
    jobs.register(
        "bulk",
        Item.class,
        (ctx, item) -> {
          batchDone.incrementAndGet();
          Thread.sleep(1); // some work, so the flood outlasts the test
        });
    jobs.register("urgent", Item.class, (ctx, item) -> {});

    int flood = 50_000;
    long t0 = System.nanoTime();
    for (int from = 0; from < flood; from += 2000) {
      List<JobRequest> batch = new ArrayList<>();
      for (int i = from; i < from + 2000; i++) {
        batch.add(
            JobRequest.builder("bulk")
                .queue(QueueConfig.BATCH)
                .payload(new Item(i))
                .deduplicate(false)
                .build());
      }
      jobs.enqueueMany(batch);
    }
    double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
    jobs.start();

    // high_priority jobs arrive at a steady pace while the flood drains
    int urgentCount = 40;
    List<Long> urgent = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger sent = new AtomicInteger();
      pacer.scheduleAtFixedRate(
          () -> {
            if (sent.get() < urgentCount) {
              long id =
                  jobs.enqueue(
                          JobRequest.builder("urgent")
                              .queue(QueueConfig.HIGH_PRIORITY)
                              .payload(new Item(sent.incrementAndGet()))
                              .build())
                      .jobId();
              urgent.add(id);
            }
          },
          0,
          50,
          TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= urgentCount);
    } finally {
      pacer.shutdown();
      assertThat(pacer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                urgent.stream()
                    .allMatch(id -> store.jobGet(id).orElseThrow().state() == JobState.COMPLETED));
    int batchDoneWhenUrgentFinished = batchDone.get();

    List<Long> latencies = new ArrayList<>();
    for (long id : urgent) {
      Job j = store.jobGet(id).orElseThrow();
      latencies.add(Duration.between(j.runAt(), j.attemptedAt()).toMillis());
    }
    latencies.sort(null);
    long p50 = latencies.get(latencies.size() / 2);
    long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
    long max = latencies.get(latencies.size() - 1);
    QueueStats batchStats =
        store.queueStats(new QueueStatsParams(Duration.ofMinutes(5))).stream()
            .filter(s -> s.queue().equals(QueueConfig.BATCH))
            .findFirst()
            .orElseThrow();
    long batchBacklog =
        batchStats.counts().get(JobState.AVAILABLE) + batchStats.counts().get(JobState.SCHEDULED);
    System.out.printf(
        "FLOOD RESULT: %d batch jobs enqueued in %.1f s; %d high_priority jobs started with"
            + " latency p50 %d ms, p99 %d ms, max %d ms (target 30000 ms); batch jobs done meanwhile"
            + " %d, backlog %d%n",
        flood,
        enqueueSeconds,
        urgentCount,
        p50,
        p99,
        max,
        batchDoneWhenUrgentFinished,
        batchBacklog);
    assertThat(batchBacklog).as("the flood was still there").isGreaterThan(10_000);
    assertThat(max).isLessThan(QueueConfig.highPriority().startLatencyTarget().toMillis());
    assertThat(batchDoneWhenUrgentFinished).as("batch workers were busy").isPositive();
  }
}
