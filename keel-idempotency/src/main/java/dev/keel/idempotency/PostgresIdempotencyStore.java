package dev.keel.idempotency;

import dev.keel.idempotency.internal.JdbcEngine;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * An {@link IdempotencyStore} in a PostgreSQL table ({@code keel_idempotency_keys}), for
 * deployments without Redis and for {@link IdempotencyExecutor#executeInTransaction exactly-once
 * with the business data}. Give it a pooled {@link DataSource} (HikariCP over pgjdbc).
 *
 * <p>A claim is one statement ({@code INSERT … ON CONFLICT DO UPDATE … WHERE expired} plus a read
 * of the live record in the same statement); completion and release are compare-and-set/delete on
 * the token. Deadlines use the database's {@code clock_timestamp()}. Expired rows behave as absent
 * and are deleted by {@link #keyPruneExpired()} (run it periodically, e.g. with {@link
 * IdempotencyPruner}).
 *
 * <p>Defaults: retention 24 hours; schema {@code public}; migrations applied at {@link
 * Builder#build()} with Flyway, history in {@code keel_idempotency_schema_history}.
 *
 * <p>Thread-safe: every call borrows a connection from the data source. {@link #close()} does
 * nothing: the data source belongs to the caller.
 */
public final class PostgresIdempotencyStore extends JdbcIdempotencyStore {

  /** The default retention of a completed outcome: 24 hours. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  private PostgresIdempotencyStore(JdbcEngine engine) {
    super(engine);
  }

  /** A builder for a store on {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public String name() {
    return "postgresql";
  }

  /**
   * Configures a {@link PostgresIdempotencyStore}: {@link #schema}, and retention and migration.
   */
  public static final class Builder extends StoreBuilder<Builder> {
    private String schema = "public";

    private Builder(DataSource dataSource) {
      super(dataSource, DEFAULT_RETENTION);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The schema of the table [{@code public}]; created by the migration if missing. */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * Validates, migrates (unless switched off) and builds.
     *
     * @throws IllegalArgumentException naming a bad setting
     * @throws StoreUnavailableException if the migration fails
     */
    public PostgresIdempotencyStore build() {
      JdbcEngine.checkIdentifier("schema", schema);
      return new PostgresIdempotencyStore(engine(JdbcEngine.Dialect.POSTGRESQL, schema, null));
    }
  }
}
