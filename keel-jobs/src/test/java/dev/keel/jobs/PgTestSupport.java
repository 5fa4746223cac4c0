package dev.keel.jobs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/** The shared test PostgreSQL and throw-away schemas on it. */
final class PgTestSupport {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private PgTestSupport() {}

  /** A fresh random schema name (created by the store's migration). */
  static String randomSchema() {
    return "keel_jobs_t" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
  }

  static void dropSchema(String url, String schema) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      // the name is ours (randomSchema), not input
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
