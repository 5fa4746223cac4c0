package dev.keel.idempotency;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once with SQLite, in a file of its own. */
class SqliteTransactionalExecutionTest extends TransactionalExecutionContract {

  @TempDir static Path dir;
  private static SqliteIdempotencyStore shared;

  @BeforeAll
  static void createDatabase() throws SQLException {
    shared = SqliteIdempotencyStore.builder(dir.resolve("orders.db")).build();
    try (Connection c = shared.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, ref TEXT NOT NULL)");
    }
  }

  @Override
  TransactionalIdempotencyStore store() {
    return shared;
  }

  @Override
  String orders() {
    return "orders";
  }

  /** A crashed SQLite writer leaves its transaction uncommitted: closing rolls it back. */
  @Override
  void crashSession(Connection tx) throws SQLException {
    tx.close();
  }
}
