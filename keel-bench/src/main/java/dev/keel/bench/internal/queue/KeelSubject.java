package dev.keel.bench.internal.queue;

import com.zaxxer.hikari.HikariDataSource;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.QueueConfig;
import dev.keel.jobs.SqliteStoreConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/**
 * Keel's job queue through its public API ({@code Jobs}, {@code JobStores}) with every semantic on:
 * confirmed and deduplicated enqueue, leases with heartbeats, attempts, status kept, maintenance
 * leader. Three variants: PostgreSQL with durable lease-path commits (the default), PostgreSQL with
 * {@code withDurableLeaseCommits(false)}, and SQLite.
 */
final class KeelSubject implements QueueSubject {

  /** The job type of the no-op job. */
  static final String TYPE = "bench.noop";

  /** The no-op job's payload: its number. Public for Jackson. */
  public record Noop(int index) {}

  enum Variant {
    POSTGRES,
    POSTGRES_FAST,
    SQLITE
  }

  private final Variant variant;
  private final String location;
  private final JobStore store;

  /** For {@link #remaining}: the schema's one-connection pool, or the SQLite file. */
  private DataSource counter;

  private Jobs jobs;
  private boolean started;

  KeelSubject(Variant variant, String location) {
    this.variant = variant;
    this.location = location;
    this.store =
        switch (variant) {
          case POSTGRES ->
              JobStores.postgres(
                  PostgresStoreConfig.of(Postgres.baseUrl(), location).withMaxPoolSize(20));
          case POSTGRES_FAST ->
              JobStores.postgres(
                  PostgresStoreConfig.of(Postgres.baseUrl(), location)
                      .withMaxPoolSize(16)
                      .withDurableLeaseCommits(false));
          case SQLITE -> JobStores.sqlite(SqliteStoreConfig.of(Path.of(location)));
        };
  }

  /**
   * In the worker process: the {@code Jobs} that enqueues, then runs the workers and takes part in
   * maintenance. (JobStores has already run the migrations.)
   */
  @Override
  public void create() {
    jobs = build(true);
  }

  private Jobs build(boolean maintenance) {
    return Jobs.builder(store)
        .queue(QueueConfig.defaultTier().withConcurrency(QueueCommand.WORKERS))
        .maintenance(maintenance)
        .build()
        .register(TYPE, Noop.class, (context, payload) -> Probe.ran(payload.index()));
  }

  @Override
  public Enqueuer openEnqueuer() {
    if (jobs == null) {
      jobs = build(false); // the remote enqueuer's process: enqueue only, never started
    }
    Jobs enqueuing = jobs;
    return new Enqueuer() {
      @Override
      public void enqueue(int index) {
        enqueuing.enqueue(JobRequest.builder(TYPE).payload(new Noop(index)).build());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void startWorkers(int workers) {
    if (workers != QueueCommand.WORKERS) {
      throw new IllegalArgumentException(
          "KeelSubject runs " + QueueCommand.WORKERS + " workers, asked for " + workers);
    }
    jobs.start();
    started = true;
  }

  @Override
  public boolean enqueuesFromAnotherProcess() {
    // SQLite is one process per file; its wake-ups are in-process signals.
    return variant != Variant.SQLITE;
  }

  /**
   * Jobs not yet committed as completed, counted in SQL as for the other subjects: Keel's status
   * API ({@code Jobs.queues()}) also computes start-latency percentiles over the finished jobs,
   * tens of milliseconds that the check ending each drain would add to Keel's drain.
   */
  @Override
  public long remaining() throws SQLException {
    if (counter == null) {
      if (variant == Variant.SQLITE) {
        SQLiteDataSource file = new SQLiteDataSource();
        file.setUrl("jdbc:sqlite:" + location);
        counter = file;
      } else {
        counter = Postgres.pool(location, 1, "keel-remaining");
      }
    }
    return Postgres.count(counter, "KeelRemaining");
  }

  @Override
  public String settings() {
    return switch (variant) {
          case POSTGRES -> "durable lease-path commits (default), pool 20, LISTEN/NOTIFY";
          case POSTGRES_FAST -> "`withDurableLeaseCommits(false)`, pools 16 + 16, LISTEN/NOTIFY";
          case SQLITE -> "WAL, in-process wake-ups, so the latency enqueuer is in the same JVM";
        }
        + " + 1 s idle poll, dedup on, default tiers";
  }

  @Override
  public void close() throws SQLException {
    if (jobs != null && started) {
      jobs.close();
    }
    store.close();
    if (counter instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
