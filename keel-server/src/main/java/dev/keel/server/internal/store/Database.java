package dev.keel.server.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the server's connection pool for {@code KEEL_DATABASE_URL}. For the embedded SQLite store
 * it creates the data directory first (e.g. {@code ./keel-data}) and opens every connection as
 * keel-jobs' SQLite store does — WAL, {@code synchronous=NORMAL}, {@code BEGIN IMMEDIATE} — so the
 * idempotency keys written through this pool cost what the jobs cost (no fsync per commit) and a
 * write transaction never has to upgrade its lock half-way.
 */
public final class Database {

  private Database() {}

  /**
   * A pool for {@code jdbcUrl}; the caller closes it. On PostgreSQL its connections start with
   * {@code schema} on the search path, so keel-jobs' statements on them (the transactional enqueue)
   * need not switch it.
   */
  public static HikariDataSource open(String jdbcUrl, String schema) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    hc.setPoolName("keel-server");
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(-1);
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      sqliteFile(jdbcUrl).ifPresent(Database::createParent);
      hc.setMaximumPoolSize(4);
      // read by sqlite-jdbc when it opens each connection (org.sqlite.SQLiteConfig.Pragma)
      hc.addDataSourceProperty("journal_mode", "WAL");
      hc.addDataSourceProperty("synchronous", "NORMAL");
      hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      hc.addDataSourceProperty("busy_timeout", "5000");
    } else {
      hc.setMaximumPoolSize(16);
      hc.addDataSourceProperty("currentSchema", schema);
    }
    return new HikariDataSource(hc);
  }

  /** The database file of a SQLite URL, empty for in-memory databases. */
  public static Optional<Path> sqliteFile(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith("file::memory:")) {
      return Optional.empty();
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    return Optional.of(Path.of(rest));
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create the data directory " + parent + " for KEEL_DATABASE_URL", e);
      }
    }
  }
}
