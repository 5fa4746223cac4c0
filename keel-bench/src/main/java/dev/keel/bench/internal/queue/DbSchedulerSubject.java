package dev.keel.bench.internal.queue;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;

/**
 * db-scheduler 16.12 with the lock-and-fetch polling strategy ({@code SELECT … FOR UPDATE SKIP
 * LOCKED} claiming up to {@value #UPPER} × threads per poll, refetching when fewer than {@value
 * #LOWER} × threads remain), one-time tasks, the default Java serializer for the {@code Integer}
 * payload. Immediate execution is off: with the enqueuer in another process it would not apply.
 */
final class DbSchedulerSubject implements QueueSubject {

  static final double LOWER = 0.5;
  static final double UPPER = 2.0;
  static final Duration POLLING_INTERVAL = Duration.ofMillis(100);

  private final HikariDataSource pool;
  private final OneTimeTask<Integer> task =
      Tasks.oneTime("bench-noop", Integer.class)
          .execute((instance, context) -> Probe.ran(instance.getData()));
  private Scheduler scheduler;

  DbSchedulerSubject(String schema) {
    this.pool = Postgres.pool(schema, 24, "db-scheduler");
  }

  @Override
  public void create() throws Exception {
    Postgres.run(
        pool,
        "DbSchedulerCreateTable",
        "DbSchedulerCreateExecutionTimeIndex",
        "DbSchedulerCreateHeartbeatIndex",
        "DbSchedulerCreatePriorityIndex");
  }

  @Override
  public Enqueuer openEnqueuer() {
    SchedulerClient client = SchedulerClient.Builder.create(pool, task).build();
    return new Enqueuer() {
      @Override
      public void enqueue(int index) {
        client.scheduleIfNotExists(task.instance("job-" + index, index), Instant.now());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void startWorkers(int workers) {
    scheduler =
        Scheduler.create(pool, task)
            .threads(workers)
            .pollUsingLockAndFetch(LOWER, UPPER)
            .pollingInterval(POLLING_INTERVAL)
            .build();
    scheduler.start();
  }

  @Override
  public long remaining() throws Exception {
    return Postgres.count(pool, "DbSchedulerRemaining");
  }

  @Override
  public String settings() {
    return "lock-and-fetch ("
        + LOWER
        + ", "
        + UPPER
        + ") = up to "
        + (int) (UPPER * 16)
        + " per claim, polling interval "
        + POLLING_INTERVAL.toMillis()
        + " ms";
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.stop();
    }
    pool.close();
  }
}
