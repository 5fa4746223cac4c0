package dev.keel.idempotency;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on the shared PostgreSQL, in a fresh schema per test class. */
class PostgresIdempotencyStoreTest extends IdempotencyStoreContract {

  private static PostgresTestSchema db;

  @BeforeAll
  static void createSchema() {
    db = new PostgresTestSchema();
    PostgresIdempotencyStore.builder(db.dataSource).schema(db.schema).build();
  }

  @AfterAll
  static void dropSchema() throws Exception {
    db.close();
  }

  @Override
  IdempotencyStore createStore(Duration retention) {
    return PostgresIdempotencyStore.builder(db.dataSource)
        .schema(db.schema)
        .retention(retention)
        .migrate(false)
        .build();
  }
}
