package dev.keel.idempotency;

import dev.keel.idempotency.internal.FlywayMigrator;
import dev.keel.idempotency.internal.JdbcEngine;
import java.sql.Connection;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;

/**
 * What {@link PostgresIdempotencyStore} and {@link SqliteIdempotencyStore} share: every operation
 * runs on a {@link JdbcEngine} (the SQL of the store's dialect, from its catalog), on a connection
 * of its own or on the caller's transaction; and their builders share retention, migration and
 * validation. Package-private: users see the two public stores only.
 *
 * <p>Thread-safe: every call borrows a connection from the data source.
 */
abstract sealed class JdbcIdempotencyStore implements TransactionalIdempotencyStore
    permits PostgresIdempotencyStore, SqliteIdempotencyStore {

  private final JdbcEngine engine;

  JdbcIdempotencyStore(JdbcEngine engine) {
    this.engine = engine;
  }

  @Override
  public final ClaimResult keyClaim(KeyClaimParams params) {
    return engine.autoClaim(params);
  }

  @Override
  public final boolean keyComplete(KeyCompleteParams params) {
    return engine.autoComplete(params);
  }

  @Override
  public final boolean keyRelease(KeyReleaseParams params) {
    return engine.autoRelease(params);
  }

  @Override
  public final ClaimResult keyClaim(Connection tx, KeyClaimParams params) {
    return engine.claim(tx, params);
  }

  @Override
  public final boolean keyComplete(Connection tx, KeyCompleteParams params) {
    return engine.complete(tx, params);
  }

  @Override
  public final boolean keyRelease(Connection tx, KeyReleaseParams params) {
    return engine.release(tx, params);
  }

  @Override
  public final long keyPruneExpired() {
    return engine.pruneExpired();
  }

  @Override
  public final DataSource dataSource() {
    return engine.dataSource();
  }

  /** The lock a transaction on {@link #dataSource()} must hold while it writes, or null. */
  final Lock writeLock() {
    return engine.writeLock();
  }

  /**
   * Does nothing: every call borrows a connection and closes it after, and a data source given to
   * the builder belongs to the caller.
   */
  @Override
  public final void close() {}

  /**
   * The settings both builders share. Not thread-safe.
   *
   * @param <B> the concrete builder, returned by the setters
   */
  abstract static sealed class StoreBuilder<B extends StoreBuilder<B>>
      permits PostgresIdempotencyStore.Builder, SqliteIdempotencyStore.Builder {

    private final DataSource dataSource;
    private Duration retention;
    private boolean migrate = true;

    /** The data source the store will use. */
    final DataSource dataSource() {
      return dataSource;
    }

    StoreBuilder(DataSource dataSource, Duration defaultRetention) {
      this.dataSource = dataSource;
      this.retention = defaultRetention;
    }

    /** This builder, for the setters to return. */
    abstract B self();

    /** How long a completed outcome is kept and replayed [24 h]. */
    public B retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return self();
    }

    /** Whether {@code build()} applies the migrations [true]. */
    public B migrate(boolean migrate) {
      this.migrate = migrate;
      return self();
    }

    /**
     * Validates the shared settings, applies the migrations of {@code dialect} (unless switched
     * off) and makes the engine.
     *
     * @param schema the PostgreSQL schema, already validated, or {@code null} for SQLite
     * @param writeLock the SQLite file's writer lock, or {@code null}
     * @throws IllegalArgumentException naming a bad setting
     * @throws StoreUnavailableException if the migration fails
     */
    final JdbcEngine engine(JdbcEngine.Dialect dialect, String schema, Lock writeLock) {
      if (retention.toMillis() < 1) {
        throw new IllegalArgumentException("retention must be at least 1 ms, was " + retention);
      }
      if (migrate) {
        FlywayMigrator.migrate(
            dataSource, dialect == JdbcEngine.Dialect.POSTGRESQL ? "postgresql" : "sqlite", schema);
      }
      return new JdbcEngine(dialect, dataSource, schema, retention, writeLock);
    }
  }
}
