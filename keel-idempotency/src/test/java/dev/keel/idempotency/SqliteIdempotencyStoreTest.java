package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on a SQLite file (WAL mode) per test class. */
class SqliteIdempotencyStoreTest extends IdempotencyStoreContract {

  @TempDir static Path dir;

  @BeforeAll
  static void migrate() {
    SqliteIdempotencyStore.builder(dir.resolve("idem.db")).build();
  }

  @Override
  IdempotencyStore createStore(Duration retention) {
    return SqliteIdempotencyStore.builder(dir.resolve("idem.db"))
        .retention(retention)
        .migrate(false)
        .build();
  }

  @Test
  void theFileIsInWalMode() throws Exception {
    try (Connection c = ((SqliteIdempotencyStore) store).dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
