package dev.keel.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** A fresh PostgreSQL schema per test on the shared server, dropped afterwards. */
final class Pg implements AutoCloseable {

  static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  final String schema =
      "keel_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

  /** The URL servers and workers use: Keel's tables go into {@link #schema}. */
  String url() {
    return ADMIN + "&currentSchema=" + schema;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN)) {
      c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
