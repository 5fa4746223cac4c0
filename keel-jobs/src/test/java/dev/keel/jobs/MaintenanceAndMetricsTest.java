package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Maintenance (rescue, prune, DLQ alerts) running by itself, reported through Micrometer. */
class MaintenanceAndMetricsTest {

  record P(int n) {}

  private Path dir;
  private JobStore store;
  private Jobs jobs;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> alerts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("keel-jobs-maint");
    store = JobStores.sqlite(dir.resolve("jobs.db"));
    jobs =
        Jobs.builder(store)
            .pollInterval(Duration.ofMillis(50))
            .rescueInterval(Duration.ofMillis(100))
            .pruneInterval(Duration.ofMillis(200))
            .finishedRetention(Duration.ofMillis(500))
            .dlqAlertThreshold(1)
            .dlqAlertListener((q, depth, threshold) -> alerts.add(q + ":" + depth))
            .metrics(new MicrometerJobMetrics(registry))
            .build();
  }

  @AfterEach
  void close() {
    jobs.close();
    store.close();
  }

  @Test
  void leaderRescuesExpiredLeasesPrunesAndAlertsOnTheDlq() {
    jobs.register("ok", P.class, (ctx, p) -> {});
    jobs.register(
        "bad",
        P.class,
        (ctx, p) -> {
          throw new NonRetryableException("never works");
        });
    // a remote worker leases a job and vanishes; only "abandoned" has no local handler
    long abandoned =
        jobs.enqueue(JobRequest.builder("abandoned").payload(new P(1)).build()).jobId();
    List<LeasedJob> leased =
        jobs.lease("default", new LeaseRequest("ghost", 1, Duration.ofMillis(200), null));
    assertThat(leased).extracting(LeasedJob::id).containsExactly(abandoned);
    jobs.start();
    long ok = jobs.enqueue(JobRequest.builder("ok").payload(new P(2)).build()).jobId();
    long bad = jobs.enqueue(JobRequest.builder("bad").payload(new P(3)).build()).jobId();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Job a = store.jobGet(abandoned).orElseThrow();
              assertThat(a.state()).isIn(JobState.RETRYING, JobState.AVAILABLE);
              assertThat(a.errors())
                  .extracting(AttemptError::type)
                  .contains(AttemptError.LEASE_EXPIRED);
              assertThat(a.errors().get(0).workerId()).isEqualTo("ghost");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> store.jobGet(bad).orElseThrow().state() == JobState.DEAD);
    // the completed job is pruned after its retention, the dead one stays
    await().atMost(Duration.ofSeconds(30)).until(() -> store.jobGet(ok).isEmpty());
    assertThat(store.jobGet(bad)).isPresent();
    await().atMost(Duration.ofSeconds(30)).until(() -> alerts.contains("default:1"));

    assertThat(count(MicrometerJobMetrics.COMPLETED, "type", "ok")).isEqualTo(1);
    assertThat(count(MicrometerJobMetrics.DEAD_LETTERED, "type", "bad")).isEqualTo(1);
    assertThat(count(MicrometerJobMetrics.ENQUEUED, "queue", "default")).isEqualTo(3);
    assertThat(count(MicrometerJobMetrics.STARTED, "type", "ok")).isEqualTo(1);
    assertThat(
            registry
                .get(MicrometerJobMetrics.RESCUED)
                .tags("outcome", "retrying")
                .counter()
                .count())
        .isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        registry
                            .get(MicrometerJobMetrics.DLQ_DEPTH)
                            .tags("queue", "default")
                            .gauge()
                            .value())
                    .isEqualTo(1.0));
    assertThat(registry.get(MicrometerJobMetrics.DLQ_ALERTS).counter().count()).isPositive();
    assertThat(
            registry
                .get(MicrometerJobMetrics.START_LATENCY)
                .tags("queue", "default")
                .timer()
                .count())
        .isGreaterThanOrEqualTo(2);
    assertThat(
            registry
                .get(MicrometerJobMetrics.START_LATENCY_TARGET)
                .tags("queue", "default")
                .gauge()
                .value())
        .isEqualTo(300.0);
    Map<JobState, Long> counts =
        jobs.queues().stream()
            .filter(q -> q.config().name().equals("default"))
            .findFirst()
            .orElseThrow()
            .stats()
            .counts();
    assertThat(counts.get(JobState.DEAD)).isEqualTo(1);
  }

  private double count(String name, String tag, String value) {
    return registry.find(name).tags(tag, value).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
