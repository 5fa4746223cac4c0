package dev.keel.idempotency;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
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
}
