package dev.keel.idempotency;

import dev.keel.idempotency.internal.FlywayMigrator;
import dev.keel.idempotency.internal.JdbcEngine;
import java.sql.Connection;
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
 * <p>Thread-safe: every call borrows a connection from the data source.
 */
public final class PostgresIdempotencyStore implements TransactionalIdempotencyStore {

  /** The default retention of a completed outcome: 24 hours. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  private final JdbcEngine engine;

  private PostgresIdempotencyStore(JdbcEngine engine) {
    this.engine = engine;
  }

  /** A builder for a store on {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public ClaimResult keyClaim(KeyClaimParams params) {
    return engine.autoClaim(params);
  }

  @Override
  public boolean keyComplete(KeyCompleteParams params) {
    return engine.autoComplete(params);
  }

  @Override
  public boolean keyRelease(KeyReleaseParams params) {
    return engine.autoRelease(params);
  }

  @Override
  public ClaimResult keyClaim(Connection tx, KeyClaimParams params) {
    return engine.claim(tx, params);
  }

  @Override
  public boolean keyComplete(Connection tx, KeyCompleteParams params) {
    return engine.complete(tx, params);
  }

  @Override
  public boolean keyRelease(Connection tx, KeyReleaseParams params) {
    return engine.release(tx, params);
  }

  @Override
  public long keyPruneExpired() {
    return engine.pruneExpired();
  }

  @Override
  public DataSource dataSource() {
    return engine.dataSource();
  }

  @Override
  public String name() {
    return "postgresql";
  }

  /** Does nothing: the data source belongs to the caller. */
  @Override
  public void close() {}

  /** Configures a {@link PostgresIdempotencyStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema = "public";
    private Duration retention = DEFAULT_RETENTION;
    private boolean migrate = true;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /** The schema of the table [{@code public}]; created by the migration if missing. */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /** How long a completed outcome is kept and replayed [24 h]. */
    public Builder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /** Whether {@link #build()} applies the migrations [true]. */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
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
      if (retention.toMillis() < 1) {
        throw new IllegalArgumentException("retention must be at least 1 ms, was " + retention);
      }
      if (migrate) {
        FlywayMigrator.migrate(dataSource, "postgresql", schema);
      }
      return new PostgresIdempotencyStore(
          new JdbcEngine(JdbcEngine.Dialect.POSTGRESQL, dataSource, schema, retention));
    }
  }
}
