package dev.keel.jobs.process;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.QueueConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker process for the kill tests: runs Keel workers on one PostgreSQL schema until killed.
 * Every execution of a handler records a row in {@code test_executions} of the same schema (the
 * "effect" of the job), so the parent can count duplicate executions.
 *
 * <p>Arguments: jdbcUrl schema workerId mode concurrency visibilityMillis. Modes: {@code block}
 * (record a start, then hang until killed), {@code work} (record, pause 0-3 ms, complete).
 */
public final class WorkerMain {

  private WorkerMain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    String workerId = args[2];
    String mode = args[3];
    int concurrency = Integer.parseInt(args[4]);
    Duration visibility = Duration.ofMillis(Long.parseLong(args[5]));

    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setSchema(schema);
    hc.setMaximumPoolSize(4);
    HikariDataSource effects = new HikariDataSource(hc);
    JobStore store = JobStores.postgres(PostgresStoreConfig.of(url, schema).withMaxPoolSize(8));
    Jobs jobs =
        Jobs.builder(store)
            .workerId(workerId)
            .queue(
                QueueConfig.defaultTier()
                    .withConcurrency(concurrency)
                    .withVisibilityTimeout(visibility)
                    .withPollInterval(Duration.ofMillis(200)))
            .rescueInterval(Duration.ofMillis(250))
            .build();
    jobs.register(
        "work",
        Item.class,
        (ctx, item) -> {
          if (mode.equals("block")) {
            record(effects, "test_started", ctx.jobId(), workerId, ctx.attempt());
            new CountDownLatch(1).await();
          }
          Thread.sleep(ThreadLocalRandom.current().nextInt(4));
          record(effects, "test_executions", ctx.jobId(), workerId, ctx.attempt());
        });
    jobs.start();
    System.out.println("READY " + workerId);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** The payload of test jobs. */
  public record Item(int n) {}

  private static void record(
      HikariDataSource ds, String table, long jobId, String workerId, int attempt)
      throws Exception {
    String sql =
        table.equals("test_started")
            ? "INSERT INTO test_started (job_id, worker_id, attempt) VALUES (?, ?, ?)"
            : "INSERT INTO test_executions (job_id, worker_id, attempt) VALUES (?, ?, ?)";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, jobId);
      ps.setString(2, workerId);
      ps.setInt(3, attempt);
      ps.executeUpdate();
    }
  }
}
