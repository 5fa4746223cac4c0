package dev.keel.idempotency;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A freshly named schema on the shared test PostgreSQL and a pool for it; {@link #close()} drops
 * the schema. The store's migration creates the schema.
 */
final class PostgresTestSchema implements AutoCloseable {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  final String schema;
  final HikariDataSource dataSource;

  PostgresTestSchema() {
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    this.schema = "keel_idem_test_" + HexFormat.of().formatHex(random);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(URL);
    config.setMaximumPoolSize(10);
    config.setPoolName("idem-" + schema);
    this.dataSource = new HikariDataSource(config);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } finally {
      dataSource.close();
    }
  }
}
