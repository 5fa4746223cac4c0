package dev.keel.jobs.internal;

import dev.keel.jobs.JobStoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Versioned schema migrations with Flyway, kept apart from any other Flyway use of the same
 * database by their own history table.
 */
final class Migrations {

  /** Flyway's history table for Keel jobs. */
  static final String HISTORY_TABLE = "keel_jobs_schema_history";

  private Migrations() {}

  /** Migrates PostgreSQL {@code schema} (created when missing). */
  static void postgres(DataSource dataSource, String schema) {
    run(
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table(HISTORY_TABLE)
            .locations("classpath:dev/keel/jobs/db/postgres")
            .loggers("slf4j")
            .load(),
        "postgres schema " + schema);
  }

  /** Migrates a SQLite database. */
  static void sqlite(DataSource dataSource) {
    run(
        Flyway.configure()
            .dataSource(dataSource)
            .table(HISTORY_TABLE)
            .locations("classpath:dev/keel/jobs/db/sqlite")
            .loggers("slf4j")
            .load(),
        "sqlite");
  }

  private static void run(Flyway flyway, String what) {
    try {
      flyway.migrate();
    } catch (FlywayException e) {
      throw new JobStoreException("migrating " + what + " failed: " + e.getMessage(), e);
    }
  }
}
