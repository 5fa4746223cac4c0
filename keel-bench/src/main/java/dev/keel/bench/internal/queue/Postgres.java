package dev.keel.bench.internal.queue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keel.core.internal.SqlCatalog;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The benchmark's PostgreSQL: where it is, fresh schemas, pools, counts. */
final class Postgres {

  /** Overridden by the environment variable {@code KEEL_BENCH_PG_URL}. */
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  static final SqlCatalog SQL =
      SqlCatalog.load(Postgres.class, "dev/keel/bench/internal/queue/postgres.sql");

  /** Schema names we generate; anything else is refused before it reaches SQL. */
  private static final Pattern SCHEMA = Pattern.compile("keel_bench_[a-z0-9_]{1,40}");

  private Postgres() {}

  static String baseUrl() {
    String url = System.getenv("KEEL_BENCH_PG_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  /** A fresh, unused schema name for {@code subject}. */
  static String newSchemaName(String subject) {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return checked(
        "keel_bench_" + subject.replace('-', '_') + "_" + HexFormat.of().formatHex(random));
  }

  static String schemaUrl(String schema) {
    String base = baseUrl();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + checked(schema);
  }

  /** A pool whose connections see only {@code schema} (search_path). */
  static HikariDataSource pool(String schema, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(schemaUrl(schema));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(size, 4));
    config.setPoolName(name);
    config.setConnectionTimeout(30_000);
    return new HikariDataSource(config);
  }

  static void createSchema(String schema) throws SQLException {
    // Identifiers cannot be bind parameters; the name is checked against SCHEMA first.
    execute("CREATE SCHEMA " + checked(schema));
  }

  static void dropSchema(String schema) throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE");
  }

  static void run(DataSource ds, String... queryNames) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String name : queryNames) {
        s.execute(SQL.get(name));
      }
    }
  }

  static long count(DataSource ds, String queryName) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(SQL.get(queryName));
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String checked(String schema) {
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "not a benchmark schema name: '" + schema + "' (expected " + SCHEMA.pattern() + ")");
    }
    return schema;
  }
}
