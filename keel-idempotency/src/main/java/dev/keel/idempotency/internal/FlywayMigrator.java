package dev.keel.idempotency.internal;

import dev.keel.idempotency.StoreUnavailableException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies this module's migrations with Flyway, recording them in their own history table ({@code
 * keel_idempotency_schema_history}) so they never interfere with the application's migrations. A
 * schema that already holds other tables is baselined at version 0 first.
 */
public final class FlywayMigrator {

  /** The Flyway history table of this module. */
  public static final String HISTORY_TABLE = "keel_idempotency_schema_history";

  private FlywayMigrator() {}

  /**
   * Migrates {@code dataSource}.
   *
   * @param location {@code postgresql} or {@code sqlite}
   * @param schema the PostgreSQL schema (created if missing), or {@code null} for SQLite
   */
  public static void migrate(DataSource dataSource, String location, String schema) {
    var config =
        Flyway.configure(FlywayMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:dev/keel/idempotency/migration/" + location)
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .cleanDisabled(true);
    if (schema != null) {
      config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
    try {
      config.load().migrate();
    } catch (FlywayException e) {
      throw new StoreUnavailableException(
          "migrating the idempotency tables failed: " + e.getMessage(), e);
    }
  }
}
