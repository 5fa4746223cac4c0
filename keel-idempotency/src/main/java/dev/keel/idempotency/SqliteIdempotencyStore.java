package dev.keel.idempotency;

import dev.keel.core.internal.SqliteWriteLocks;
import dev.keel.idempotency.internal.JdbcEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
 * transactions; {@link #builder(DataSource)} uses the caller's data source as configured (WAL,
 * {@code synchronous=NORMAL} and immediate transactions recommended). Every write transaction of
 * the store holds the file's in-process writer lock, shared with Keel's job store on the same file,
 * so the two never meet at SQLite's file lock and its sleeping busy handler. Defaults: retention 24
 * hours; migrations applied at build with Flyway, history in {@code
 * keel_idempotency_schema_history}.
 *
 * <p>Thread-safe: every call borrows a connection from the data source. {@link #close()} does
 * nothing: SQLite connections are opened per call and closed after it.
 */
public final class SqliteIdempotencyStore extends JdbcIdempotencyStore {

  /** The default retention of a completed outcome: 24 hours. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  private SqliteIdempotencyStore(JdbcEngine engine) {
    super(engine);
  }

  /** A builder for a store in the database file {@code file} (created if missing). */
  public static Builder builder(Path file) {
    return new Builder(dataSource(file), file);
  }

  private static SQLiteDataSource dataSource(Path file) {
    Objects.requireNonNull(file, "file");
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(5_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return dataSource;
  }

  /** A builder for a store on the caller's SQLite data source. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  @Override
  public String name() {
    return "sqlite";
  }

  /** Configures a {@link SqliteIdempotencyStore}: retention and migration. */
  public static final class Builder extends StoreBuilder<Builder> {

    /** The database file, or null when only the data source was given (found at build). */
    private final Path file;

    private Builder(DataSource dataSource, Path file) {
      super(dataSource, DEFAULT_RETENTION);
      this.file = file;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Validates, migrates (unless switched off) and builds.
     *
     * @throws IllegalArgumentException naming a bad setting
     * @throws StoreUnavailableException if the migration fails
     */
    public SqliteIdempotencyStore build() {
      Path f = file != null ? file : fileOf(dataSource());
      return new SqliteIdempotencyStore(
          engine(JdbcEngine.Dialect.SQLITE, null, f == null ? null : SqliteWriteLocks.of(f)));
    }

    /** The file behind a caller's data source, from its URL; null for an in-memory database. */
    private static Path fileOf(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        return SqliteWriteLocks.fileOf(c.getMetaData().getURL());
      } catch (SQLException e) {
        throw new StoreUnavailableException(
            "cannot open a connection to the SQLite idempotency database: " + e.getMessage(), e);
      }
    }
  }
}
