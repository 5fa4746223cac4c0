package dev.keel.bench.internal.queue;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.gson.GsonJsonMapper;

/**
 * JobRunr 8.7 (open-source) with its PostgreSQL storage provider in the subject's schema, jobs
 * enqueued as lambdas calling the static {@link Probe#ran(int)}, one background job server with
 * {@code workerCount} workers and the shortest poll interval it accepts.
 */
final class JobRunrSubject implements QueueSubject {

  /** JobRunr refuses anything shorter ("The smallest supported pollInterval is 5 seconds"). */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

  private final HikariDataSource pool;
  private final JsonMapper json = new GsonJsonMapper();
  private PostgresStorageProvider storage;
  private BackgroundJobServer server;

  JobRunrSubject(String schema) {
    this.pool = Postgres.pool(schema, 24, "jobrunr");
  }

  @Override
  public void create() {
    storage(DatabaseOptions.CREATE);
  }

  private PostgresStorageProvider storage(DatabaseOptions options) {
    if (storage == null) {
      storage = new PostgresStorageProvider(pool, options);
      storage.setJobMapper(new JobMapper(json));
    }
    return storage;
  }

  @Override
  public Enqueuer openEnqueuer() {
    JobScheduler scheduler = new JobScheduler(storage(DatabaseOptions.SKIP_CREATE));
    return new Enqueuer() {
      @Override
      public void enqueue(int index) {
        scheduler.enqueue(() -> Probe.ran(index));
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void startWorkers(int workers) {
    JobActivator noInstances =
        new JobActivator() {
          @Override
          public <T> T activateJob(Class<T> type) {
            return null; // the job is a static method: nothing to instantiate
          }
        };
    server =
        new BackgroundJobServer(
            storage(DatabaseOptions.SKIP_CREATE),
            json,
            noInstances,
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(workers)
                .andPollInterval(POLL_INTERVAL));
    server.start();
  }

  @Override
  public long remaining() throws Exception {
    return Postgres.count(pool, "JobRunrRemaining");
  }

  @Override
  public String settings() {
    return "PostgresStorageProvider, poll interval " + POLL_INTERVAL.toSeconds() + " s";
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
    if (storage != null) {
      storage.close();
    }
    pool.close();
  }
}
