package dev.keel.jobs;

import dev.keel.jobs.internal.PostgresJobStore;
import dev.keel.jobs.internal.SqliteJobStore;
import java.nio.file.Path;

/**
 * Creates the stores that ship with Keel. Each runs its migrations (Flyway, history table {@code
 * keel_jobs_schema_history}) before returning.
 */
public final class JobStores {

  private JobStores() {}

  /**
   * A PostgreSQL store shared by any number of nodes.
   *
   * @throws JobStoreException if the database cannot be reached or migrated
   */
  public static JobStore postgres(PostgresStoreConfig config) {
    return new PostgresJobStore(config);
  }

  /**
   * An embedded SQLite store for one process.
   *
   * @throws JobStoreException if the file cannot be opened or migrated
   */
  public static JobStore sqlite(SqliteStoreConfig config) {
    return new SqliteJobStore(config);
  }

  /** An embedded SQLite store in {@code file} with default settings. */
  public static JobStore sqlite(Path file) {
    return sqlite(SqliteStoreConfig.of(file));
  }
}
