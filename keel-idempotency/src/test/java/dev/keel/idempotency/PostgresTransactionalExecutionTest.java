package dev.keel.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Exactly-once with PostgreSQL, in a fresh schema. */
class PostgresTransactionalExecutionTest extends TransactionalExecutionContract {

  private static PostgresTestSchema db;
  private static PostgresIdempotencyStore shared;

  @BeforeAll
  static void createSchema() throws SQLException {
    db = new PostgresTestSchema();
    shared = PostgresIdempotencyStore.builder(db.dataSource).schema(db.schema).build();
    try (Connection c = db.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE " + db.schema + ".orders (id bigserial PRIMARY KEY, ref text NOT NULL)");
    }
  }

  @AfterAll
  static void dropSchema() throws Exception {
    db.close();
  }

  @Override
  TransactionalIdempotencyStore store() {
    return shared;
  }

  @Override
  String orders() {
    return db.schema + ".orders";
  }

  @Override
  void crashSession(Connection tx) throws SQLException {
    int pid;
    try (Statement s = tx.createStatement();
        var rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    try (Connection other = db.dataSource.getConnection();
        Statement s = other.createStatement()) {
      s.execute("SELECT pg_terminate_backend(" + pid + ")");
    }
  }
}
