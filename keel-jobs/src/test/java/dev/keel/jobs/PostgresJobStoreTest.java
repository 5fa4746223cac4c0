package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance suite on the real PostgreSQL, in a fresh schema dropped afterwards. */
class PostgresJobStoreTest extends JobStoreContract {

  private static String schema;
  private static JobStore store;

  @BeforeAll
  static void open() {
    schema = PgTestSupport.randomSchema();
    store = JobStores.postgres(PostgresStoreConfig.of(PgTestSupport.URL, schema));
  }

  @AfterAll
  static void close() throws Exception {
    store.close();
    PgTestSupport.dropSchema(PgTestSupport.URL, schema);
  }

  @Override
  protected JobStore store() {
    return store;
  }

  @Override
  protected Connection openConnection() throws Exception {
    return DriverManager.getConnection(PgTestSupport.URL);
  }

  @Test
  void oneLeaderAtATimeAcrossNodes() {
    try (JobStore other = JobStores.postgres(PostgresStoreConfig.of(PgTestSupport.URL, schema))) {
      store.leaderRelease();
      assertThat(store.leaderTryAcquire()).isTrue();
      assertThat(store.leaderTryAcquire()).isTrue(); // re-entrant check keeps it
      assertThat(other.leaderTryAcquire()).isFalse();
      store.leaderRelease();
      assertThat(other.leaderTryAcquire()).isTrue();
      assertThat(store.leaderTryAcquire()).isFalse();
      other.leaderRelease();
    }
  }

  @Test
  void migrationsAreIdempotentAndKeepTheirOwnHistory() throws Exception {
    try (JobStore again = JobStores.postgres(PostgresStoreConfig.of(PgTestSupport.URL, schema));
        Connection c = DriverManager.getConnection(PgTestSupport.URL);
        var ps =
            c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND"
                    + " table_name = 'keel_jobs_schema_history'")) {
      assertThat(again.name()).isEqualTo("postgres");
      ps.setString(1, schema);
      try (var rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }
}
