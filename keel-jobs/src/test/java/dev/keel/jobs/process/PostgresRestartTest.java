package dev.keel.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobState;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStoreException;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.QueueConfig;
import dev.keel.jobs.QueueStats;
import dev.keel.jobs.QueueStatsParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The test (3): PostgreSQL restarted under load. Workers, the LISTEN connection, the
 * completer and the maintenance leader recover by themselves; no job is lost.
 */
class PostgresRestartTest {

  record Item(int n) {}

  @Test
  void workersRecoverFromADatabaseRestartAndNothingIsLost() throws Exception {
    try (PrivatePostgres pg = PrivatePostgres.start()) {
      JobStore store =
          JobStores.postgres(
              PostgresStoreConfig.of(pg.url(), "keel").withDurableLeaseCommits(false));
      Set<Integer> executed = ConcurrentHashMap.newKeySet();
      AtomicInteger executions = new AtomicInteger();
      Jobs jobs =
          Jobs.builder(store)
              .queue(
                  QueueConfig.defaultTier()
                      .withConcurrency(8)
                      .withVisibilityTimeout(Duration.ofSeconds(2))
                      .withPollInterval(Duration.ofMillis(200)))
              .rescueInterval(Duration.ofMillis(250))
              .build();
      jobs.register(
          "work",
          Item.class,
          (ctx, item) -> {
            executions.incrementAndGet();
            executed.add(item.n());
            Thread.sleep(1);
          });
      List<Long> ids = new ArrayList<>();
      int total = 3000;
      for (int from = 0; from < total; from += 500) {
        List<JobRequest> batch = new ArrayList<>();
        for (int i = from; i < from + 500; i++) {
          batch.add(JobRequest.builder("work").payload(new Item(i)).build());
        }
        jobs.enqueueMany(batch).forEach(r -> ids.add(r.jobId()));
      }
      jobs.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> executed.size() >= 500);

      pg.crashServer(); // under load: claims, acks and heartbeats now fail
      assertThat(executed.size()).as("still under load when stopped").isLessThan(total);
      // the outage lasts until the store has seen it
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                try {
                  store.jobGet(ids.get(0));
                  return false;
                } catch (JobStoreException e) {
                  return true;
                }
              });
      pg.startServer();

      // after the restart the same Jobs instance carries on by itself, and enqueue works again
      List<Long> more = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                EnqueueResult r =
                    jobs.enqueue(JobRequest.builder("work").payload(new Item(total)).build());
                more.add(r.jobId());
                return true;
              });
      ids.add(more.get(0));
      await().atMost(Duration.ofSeconds(120)).until(() -> completed(store, ids) == ids.size());
      Map<JobState, Long> counts =
          store.queueStats(new QueueStatsParams(Duration.ofMinutes(5))).stream()
              .filter(s -> s.queue().equals("default"))
              .findFirst()
              .map(QueueStats::counts)
              .orElseThrow();
      System.out.printf(
          "PG RESTART RESULT: %d jobs, %d completed, %d executions (%d duplicates)%n",
          ids.size(),
          counts.get(JobState.COMPLETED),
          executions.get(),
          executions.get() - executed.size());
      assertThat(counts.get(JobState.COMPLETED)).isEqualTo(ids.size());
      assertThat(executed).hasSize(total + 1);
      jobs.close();
      store.close();
    }
  }

  private static long completed(JobStore store, List<Long> ids) {
    return store.queueStats(new QueueStatsParams(Duration.ofMinutes(5))).stream()
        .filter(s -> s.queue().equals("default"))
        .mapToLong(s -> s.counts().get(JobState.COMPLETED))
        .sum();
  }
}
