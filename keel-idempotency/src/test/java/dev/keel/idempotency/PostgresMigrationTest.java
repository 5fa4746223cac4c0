package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Migrations under a non-default schema that already holds the application's own tables. */
class PostgresMigrationTest {

  @Test
  void migratesBesideOtherTablesWithItsOwnHistoryAndIsRepeatable() throws Exception {
    try (PostgresTestSchema db = new PostgresTestSchema()) {
      try (Connection c = db.dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + db.schema);
        s.execute("CREATE TABLE " + db.schema + ".app_table (id int)");
      }
      PostgresIdempotencyStore.builder(db.dataSource).schema(db.schema).build();
      PostgresIdempotencyStore store =
          PostgresIdempotencyStore.builder(db.dataSource).schema(db.schema).build();

      try (Connection c = db.dataSource.getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT version, success FROM "
                      + db.schema
                      + ".keel_idempotency_schema_history WHERE version = '1'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean("success")).isTrue();
        assertThat(rs.next()).as("applied once").isFalse();
      }
      IdempotencyScope scope = IdempotencyScope.of("t", "op");
      assertThat(store.keyClaim(new KeyClaimParams(scope, "k", "fp", Duration.ofSeconds(5))))
          .isInstanceOf(ClaimResult.Claimed.class);
    }
  }
}
