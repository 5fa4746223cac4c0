package dev.keel.server.internal.auth;

import dev.keel.core.internal.SqlCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps the SHA-256 of the generated admin token in the database (table {@code keel_admin_token},
 * one row). The token itself is never stored. Several servers sharing one PostgreSQL agree on the
 * first stored hash (insert-if-absent, then read back). Thread-safe.
 */
public final class AdminTokenStore {

  private final DataSource dataSource;
  private final SqlCatalog sql;

  /** PostgreSQL schema of the table (Keel's schema), null on SQLite. */
  private final String schema;

  /**
   * Uses the catalog for {@code jdbcUrl}'s database; on PostgreSQL the table is in {@code schema}.
   */
  public AdminTokenStore(DataSource dataSource, String jdbcUrl, String schema) {
    this.dataSource = dataSource;
    this.schema = jdbcUrl.startsWith("jdbc:postgresql:") ? schema : null;
    this.sql =
        SqlCatalog.load(
            AdminTokenStore.class,
            jdbcUrl.startsWith("jdbc:postgresql:")
                ? "dev/keel/server/internal/auth/postgres.sql"
                : "dev/keel/server/internal/auth/sqlite.sql");
  }

  /** What {@link #resolve} settled on. */
  public record Resolved(String sha256Hex, Optional<String> generatedToken) {}

  /**
   * Returns the stored hash, or generates a token, stores its hash and returns the token so the
   * caller can print it once.
   *
   * @throws SQLException when the database cannot be reached
   */
  public Resolved resolve() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String previous = c.getSchema();
      if (schema != null) {
        c.setSchema(schema);
      }
      try {
        return resolve(c);
      } finally {
        if (schema != null) {
          c.setSchema(previous);
        }
      }
    }
  }

  private Resolved resolve(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql.get("AdminTokenCreateTable"));
    }
    Optional<String> stored = read(c);
    if (stored.isPresent()) {
      return new Resolved(stored.get(), Optional.empty());
    }
    String token = Tokens.generate();
    String hash = Tokens.sha256Hex(token);
    try (PreparedStatement p = c.prepareStatement(sql.get("AdminTokenInsert"))) {
      p.setString(1, hash);
      p.setString(2, Instant.now().toString());
      p.executeUpdate();
    }
    String winner = read(c).orElseThrow(() -> new SQLException("admin token row vanished"));
    return winner.equals(hash)
        ? new Resolved(hash, Optional.of(token))
        : new Resolved(winner, Optional.empty());
  }

  private Optional<String> read(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql.get("AdminTokenSelect"));
        ResultSet rs = p.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }
}
