package dev.keel.idempotency;

import dev.keel.idempotency.internal.FlywayMigrator;
import dev.keel.idempotency.internal.JdbcEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An {@link IdempotencyStore} in a SQLite table ({@code keel_idempotency_keys}): the embedded
 * default that needs no server and survives restarts. Single node only — SQLite is a file.
 *
 * <p>A claim is an upsert that takes over expired records plus a read of the live record, in one
 * write transaction; completion and release are compare-and-set/delete on the token. Deadlines use
 * SQLite's own clock ({@code unixepoch('subsec')}). Expired rows behave as absent and are deleted
 * by {@link #keyPruneExpired()}.
 *
 * <p>{@link #builder(Path)} opens the file in WAL mode with a 5 s busy timeout and immediate write
 * transactions; {@link #builder(DataSource)} uses the caller's data source as configured. Defaults:
 * retention 24 hours; migrations applied at build with Flyway, history in {@code
 * keel_idempotency_schema_history}.
 *
 * <p>Thread-safe: every call borrows a connection from the data source.
 */
public final class SqliteIdempotencyStore implements TransactionalIdempotencyStore {

  /** The default retention of a completed outcome: 24 hours. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  private final JdbcEngine engine;

  private SqliteIdempotencyStore(JdbcEngine engine) {
    this.engine = engine;
  }

  /** A builder for a store in the database file {@code file} (created if missing). */
  public static Builder builder(Path file) {
    Objects.requireNonNull(file, "file");
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(5_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return new Builder(dataSource);
  }

  /** A builder for a store on the caller's SQLite data source. */
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
    return "sqlite";
  }

  /** Does nothing: SQLite connections are opened per call and closed after it. */
  @Override
  public void close() {}

  /** Configures a {@link SqliteIdempotencyStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration retention = DEFAULT_RETENTION;
    private boolean migrate = true;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
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
    public SqliteIdempotencyStore build() {
      if (retention.toMillis() < 1) {
        throw new IllegalArgumentException("retention must be at least 1 ms, was " + retention);
      }
      if (migrate) {
        FlywayMigrator.migrate(dataSource, "sqlite", null);
      }
      return new SqliteIdempotencyStore(
          new JdbcEngine(JdbcEngine.Dialect.SQLITE, dataSource, null, retention));
    }
  }
}
