package dev.keel.bench.internal.queue;

import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobState;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.QueueConfig;
import dev.keel.jobs.QueueOverview;
import dev.keel.jobs.SqliteStoreConfig;
import java.nio.file.Path;

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
  private final JobStore store;
  private Jobs jobs;
  private boolean started;

  KeelSubject(Variant variant, String location) {
    this.variant = variant;
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

  @Override
  public long remaining() {
    long remaining = 0;
    for (QueueOverview q : jobs.queues()) {
      for (var e : q.stats().counts().entrySet()) {
        if (e.getKey() != JobState.COMPLETED) {
          remaining += e.getValue();
        }
      }
    }
    return remaining;
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
  public void close() {
    if (jobs != null && started) {
      jobs.close();
    }
    store.close();
  }
}
