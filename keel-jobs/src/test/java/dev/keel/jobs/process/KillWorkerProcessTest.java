package dev.keel.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.jobs.AttemptError;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobState;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.QueueConfig;
import dev.keel.jobs.QueueStats;
import dev.keel.jobs.QueueStatsParams;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Worker processes killed with SIGKILL: the tests (1) and (2). Each test gets its own
 * schema on the shared PostgreSQL.
 */
class KillWorkerProcessTest {

  private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final long VISIBILITY_MS = 2000;

  private String schema;
  private String schemaUrl;
  private JobStore store;
  private Jobs parent;
  private WorkerProcesses processes;

  @BeforeEach
  void setUp() throws Exception {
    schema = "keel_jobs_k" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    schemaUrl = BASE + "&currentSchema=" + schema;
    store = JobStores.postgres(PostgresStoreConfig.of(BASE, schema));
    sql(
        "CREATE TABLE test_started (job_id BIGINT, worker_id TEXT, attempt INT)",
        "CREATE TABLE test_executions (job_id BIGINT, worker_id TEXT, attempt INT)");
    // The parent only enqueues and inspects (no workers); maintenance runs in every process.
    parent =
        Jobs.builder(store)
            .queue(QueueConfig.defaultTier().withConcurrency(0))
            .rescueInterval(Duration.ofMillis(250))
            .build()
            .start();
    processes = new WorkerProcesses(BASE, schema);
  }

  @AfterEach
  void tearDown() throws Exception {
    processes.close();
    parent.close();
    store.close();
    try (Connection c = DriverManager.getConnection(BASE);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private void sql(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(schemaUrl);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private long scalar(String query) throws Exception {
    try (Connection c = DriverManager.getConnection(schemaUrl);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Map<JobState, Long> counts() {
    return store.queueStats(new QueueStatsParams(Duration.ofMinutes(1))).stream()
        .filter(s -> s.queue().equals("default"))
        .findFirst()
        .map(QueueStats::counts)
        .orElse(Map.of());
  }

  @Test
  void jobOfAKilledWorkerProcessRunsAgainElsewhereAndCompletes() throws Exception {
    long id =
        parent.enqueue(JobRequest.builder("work").payload(new WorkerMain.Item(1)).build()).jobId();
    Process a = processes.start("worker-a", "block", 1, VISIBILITY_MS);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> scalar("SELECT count(*) FROM test_started WHERE job_id = " + id) == 1);
    Job running = store.jobGet(id).orElseThrow();
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.workerId()).isEqualTo("worker-a");

    WorkerProcesses.kill(a); // SIGKILL mid-job
    assertThat(a.isAlive()).isFalse();
    processes.start("worker-b", "work", 4, VISIBILITY_MS);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.jobGet(id).orElseThrow().state() == JobState.COMPLETED);
    Job done = store.jobGet(id).orElseThrow();
    assertThat(done.workerId()).isEqualTo("worker-b");
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(done.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(AttemptError.LEASE_EXPIRED);
              assertThat(e.workerId()).isEqualTo("worker-a");
            });
    assertThat(scalar("SELECT count(*) FROM test_executions WHERE job_id = " + id)).isEqualTo(1);
  }

  @Test
  void tenThousandJobsAcrossThreeWorkerProcessesWithRepeatedKills() throws Exception {
    int total = 10_000;
    for (int from = 0; from < total; from += 1000) {
      List<JobRequest> batch = new ArrayList<>();
      for (int i = from; i < from + 1000; i++) {
        batch.add(JobRequest.builder("work").payload(new WorkerMain.Item(i)).build());
      }
      parent.enqueueMany(batch);
    }
    long started = System.nanoTime();
    List<Process> live = new ArrayList<>();
    for (String w : new String[] {"w1", "w2", "w3"}) {
      live.add(processes.start(w, "work", 16, VISIBILITY_MS));
    }
    int kills = 4;
    for (int k = 1; k <= kills; k++) {
      long threshold = (long) k * total / (kills + 2);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> counts().getOrDefault(JobState.COMPLETED, 0L) >= threshold);
      Process victim = live.remove(ThreadLocalRandom.current().nextInt(live.size()));
      WorkerProcesses.kill(victim);
      live.add(processes.start("r" + k, "work", 16, VISIBILITY_MS));
    }
    await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () ->
                counts().getOrDefault(JobState.COMPLETED, 0L)
                        + counts().getOrDefault(JobState.DEAD, 0L)
                    == total);
    Map<JobState, Long> counts = counts();
    long completed = counts.get(JobState.COMPLETED);
    long dead = counts.get(JobState.DEAD);
    long all = counts.values().stream().mapToLong(Long::longValue).sum();
    long executions = scalar("SELECT count(*) FROM test_executions");
    long distinct = scalar("SELECT count(DISTINCT job_id) FROM test_executions");
    long completedWithoutEffect =
        scalar(
            "SELECT count(*) FROM keel_jobs j WHERE state = 'completed' AND NOT EXISTS"
                + " (SELECT 1 FROM test_executions e WHERE e.job_id = j.id)");
    System.out.printf(
        "CHAOS RESULT: %d jobs, 3 worker processes, %d SIGKILLs: %d completed, %d dead, %d lost,"
            + " %d executions, %d duplicate executions, %.1f s%n",
        total,
        kills,
        completed,
        dead,
        total - all,
        executions,
        executions - distinct,
        (System.nanoTime() - started) / 1e9);
    assertThat(all).as("no job lost").isEqualTo(total);
    assertThat(completed + dead).isEqualTo(total);
    assertThat(completedWithoutEffect).as("completed jobs whose handler never ran").isZero();
    assertThat(distinct).isGreaterThanOrEqualTo(completed);
  }
}
