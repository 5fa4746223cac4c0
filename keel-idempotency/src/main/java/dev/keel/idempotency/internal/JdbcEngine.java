package dev.keel.idempotency.internal;

import dev.keel.core.internal.SqlCatalog;
import dev.keel.idempotency.ClaimResult;
import dev.keel.idempotency.KeyClaimParams;
import dev.keel.idempotency.KeyCompleteParams;
import dev.keel.idempotency.KeyReleaseParams;
import dev.keel.idempotency.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The SQL behind the PostgreSQL and SQLite stores. Each operation runs on a given connection
 * (inside the caller's transaction) or, through the {@code auto*} methods, on a connection of its
 * own. Claims differ per database: PostgreSQL claims in one statement; SQLite upserts and reads in
 * one write transaction (SQLite has one writer at a time, so the two statements are atomic).
 */
public final class JdbcEngine {

  /** Which SQL dialect the catalog holds. */
  public enum Dialect {
    /** PostgreSQL 12 or newer. */
    POSTGRESQL,
    /** SQLite 3.42 or newer (xerial sqlite-jdbc). */
    SQLITE
  }

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final int PRUNE_BATCH = 1000;
  private static final int CLAIM_ATTEMPTS = 5;

  private final Dialect dialect;
  private final DataSource dataSource;
  private final Duration retention;
  private final String claimSql;
  private final String claimSelectSql;
  private final String completeSql;
  private final String releaseSql;
  private final String pruneSql;

  /** Held around every write transaction of this engine's own; null when not needed. */
  private final Lock writeLock;

  /**
   * An engine for {@code dialect} on {@code dataSource}.
   *
   * @param schema the PostgreSQL schema of the table, or {@code null} for SQLite
   * @param writeLock the SQLite file's in-process writer lock, or {@code null} (PostgreSQL, or a
   *     private in-memory SQLite database)
   */
  public JdbcEngine(
      Dialect dialect, DataSource dataSource, String schema, Duration retention, Lock writeLock) {
    this.writeLock = writeLock;
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.retention = Objects.requireNonNull(retention, "retention");
    String table =
        schema == null
            ? "\"keel_idempotency_keys\""
            : "\"" + checkIdentifier("schema", schema) + "\".\"keel_idempotency_keys\"";
    SqlCatalog catalog =
        SqlCatalog.load(
            JdbcEngine.class,
            dialect == Dialect.POSTGRESQL
                ? "dev/keel/idempotency/sql/postgresql.sql"
                : "dev/keel/idempotency/sql/sqlite.sql");
    if (dialect == Dialect.POSTGRESQL) {
      this.claimSql = sql(catalog, "KeyClaim", table);
      this.claimSelectSql = null;
    } else {
      this.claimSql = sql(catalog, "KeyClaimUpsert", table);
      this.claimSelectSql = sql(catalog, "KeyClaimSelect", table);
    }
    this.completeSql = sql(catalog, "KeyComplete", table);
    this.releaseSql = sql(catalog, "KeyRelease", table);
    this.pruneSql = sql(catalog, "KeyPruneExpired", table);
  }

  /**
   * Returns {@code value} if it is a plain SQL identifier.
   *
   * @throws IllegalArgumentException naming the field otherwise
   */
  public static String checkIdentifier(String field, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be 1-63 letters, digits or underscores, not starting with a digit, was "
              + value);
    }
    return value;
  }

  /** The data source. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The writer lock a transaction on this engine's database holds, or null. */
  public Lock writeLock() {
    return writeLock;
  }

  /** Claims on {@code c} without committing (the caller's transaction, or autocommit). */
  public ClaimResult claim(Connection c, KeyClaimParams p) {
    try {
      return dialect == Dialect.POSTGRESQL ? claimPostgres(c, p) : claimSqlite(c, p);
    } catch (SQLException e) {
      throw unavailable("claim", e);
    }
  }

  /** Completes on {@code c} without committing. */
  public boolean complete(Connection c, KeyCompleteParams p) {
    try (PreparedStatement ps = c.prepareStatement(completeSql)) {
      ps.setInt(1, p.response().status());
      ps.setBytes(2, ResponseCodec.encode(p.response()));
      ps.setLong(3, retention.toMillis());
      ps.setString(4, p.scope().id());
      ps.setString(5, p.key());
      ps.setString(6, p.token());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable("complete", e);
    }
  }

  /** Releases on {@code c} without committing. */
  public boolean release(Connection c, KeyReleaseParams p) {
    try (PreparedStatement ps = c.prepareStatement(releaseSql)) {
      ps.setString(1, p.scope().id());
      ps.setString(2, p.key());
      ps.setString(3, p.token());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable("release", e);
    }
  }

  /** Claims on a connection of its own, committed before returning. */
  public ClaimResult autoClaim(KeyClaimParams p) {
    return withConnection("claim", c -> claim(c, p));
  }

  /** Completes on a connection of its own. */
  public boolean autoComplete(KeyCompleteParams p) {
    return withConnection("complete", c -> complete(c, p));
  }

  /** Releases on a connection of its own. */
  public boolean autoRelease(KeyReleaseParams p) {
    return withConnection("release", c -> release(c, p));
  }

  /** Deletes expired records in batches of 1000; returns how many. */
  public long pruneExpired() {
    return withConnection(
        "prune",
        c -> {
          long total = 0;
          try (PreparedStatement ps = c.prepareStatement(pruneSql)) {
            ps.setInt(1, PRUNE_BATCH);
            int deleted;
            do {
              deleted = ps.executeUpdate();
              total += deleted;
            } while (deleted == PRUNE_BATCH);
          } catch (SQLException e) {
            throw unavailable("prune", e);
          }
          return total;
        });
  }

  private ClaimResult claimPostgres(Connection c, KeyClaimParams p) throws SQLException {
    String token = Tokens.next();
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      try (PreparedStatement ps = c.prepareStatement(claimSql)) {
        ps.setString(1, p.scope().id());
        ps.setString(2, p.key());
        ps.setString(3, p.fingerprint());
        ps.setString(4, token);
        ps.setLong(5, p.lease().toMillis());
        ps.setString(6, p.scope().id());
        ps.setString(7, p.key());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            if ("claimed".equals(rs.getString(1))) {
              return new ClaimResult.Claimed(token);
            }
            return held(p, rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getLong(5));
          }
        }
      }
      // A concurrent claim committed after this statement's snapshot; look again.
    }
    throw new SQLException(
        "claim found neither a free key nor a live record after " + CLAIM_ATTEMPTS + " attempts");
  }

  private ClaimResult claimSqlite(Connection c, KeyClaimParams p) throws SQLException {
    boolean ownTransaction = c.getAutoCommit();
    if (ownTransaction) {
      c.setAutoCommit(false);
    }
    boolean done = false;
    try {
      ClaimResult result = claimSqliteInTransaction(c, p);
      if (ownTransaction) {
        c.commit();
      }
      done = true;
      return result;
    } finally {
      if (ownTransaction) {
        if (!done) {
          c.rollback();
        }
        c.setAutoCommit(true);
      }
    }
  }

  private ClaimResult claimSqliteInTransaction(Connection c, KeyClaimParams p) throws SQLException {
    String token = Tokens.next();
    try (PreparedStatement ps = c.prepareStatement(claimSql)) {
      ps.setString(1, p.scope().id());
      ps.setString(2, p.key());
      ps.setString(3, p.fingerprint());
      ps.setString(4, token);
      ps.setLong(5, p.lease().toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return new ClaimResult.Claimed(token);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(claimSelectSql)) {
      ps.setString(1, p.scope().id());
      ps.setString(2, p.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the record holding the key vanished inside the transaction");
        }
        return held(p, rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getLong(4));
      }
    }
  }

  private static ClaimResult held(
      KeyClaimParams p, String state, String fingerprint, byte[] response, long remainingMs) {
    if (!fingerprint.equals(p.fingerprint())) {
      return new ClaimResult.Mismatch();
    }
    if ("completed".equals(state)) {
      return new ClaimResult.Completed(ResponseCodec.decode(response), fingerprint);
    }
    return new ClaimResult.InFlight(Duration.ofMillis(remainingMs));
  }

  private <T> T withConnection(String what, java.util.function.Function<Connection, T> work) {
    if (writeLock != null) {
      writeLock.lock();
    }
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.apply(c);
    } catch (SQLException e) {
      throw unavailable(what, e);
    } finally {
      if (writeLock != null) {
        writeLock.unlock();
      }
    }
  }

  private StoreUnavailableException unavailable(String what, SQLException e) {
    return new StoreUnavailableException(
        dialect.name().toLowerCase(java.util.Locale.ROOT)
            + " idempotency store could not "
            + what
            + ": "
            + e.getMessage(),
        e);
  }

  private static String sql(SqlCatalog catalog, String name, String table) {
    return catalog.get(name).replace("{table}", table);
  }
}
