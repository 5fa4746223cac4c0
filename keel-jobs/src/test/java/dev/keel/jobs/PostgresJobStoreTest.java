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
  void enqueueInTheCallersTransactionRestoresItsSearchPath() throws Exception {
    Jobs jobs = Jobs.builder(store).maintenance(false).build();
    try (Connection c = DriverManager.getConnection(PgTestSupport.URL)) {
      c.setAutoCommit(false);
      String before = searchPath(c);
      long id = jobs.enqueue(c, JobRequest.of("path.check", java.util.Map.of("n", 1))).jobId();
      assertThat(searchPath(c)).isEqualTo(before);
      c.commit();
      assertThat(store.jobGet(id)).isPresent();
    } finally {
      jobs.close();
    }
  }

  @Test
  void hotPathUpdatesMaintainNoIndexOnAttemptedAt() throws Exception {
    // V2 dropped it: every claim and completion inserted an entry there for a statistics query.
    assertThat(jobIndexes())
        .containsKeys("keel_jobs_ready_idx", "keel_jobs_running_idx")
        .doesNotContainKey("keel_jobs_attempted_idx");
  }

  @Test
  void finishedJobsAreIndexedByABrinIndexThatCompletionsBarelyTouch() throws Exception {
    // V3: the pruner's index on finished_at is BRIN, not a B-tree that every completion inserts
    // into.
    assertThat(jobIndexes().get("keel_jobs_finished_idx"))
        .contains("USING brin (finished_at)")
        .contains("completed");
  }

  /** The definitions of the indexes on {@code keel_jobs} in the store's schema, by name. */
  private java.util.Map<String, String> jobIndexes() throws Exception {
    try (Connection c = DriverManager.getConnection(PgTestSupport.URL);
        var ps =
            c.prepareStatement(
                "SELECT indexname, indexdef FROM pg_indexes"
                    + " WHERE schemaname = ? AND tablename = 'keel_jobs'")) {
      ps.setString(1, schema);
      java.util.Map<String, String> out = new java.util.HashMap<>();
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    }
  }

  @Test
  void aCallerAlreadyOnTheStoresSchemaEnqueuesAndReadsWithoutAPathChange() throws Exception {
    Jobs jobs = Jobs.builder(store).maintenance(false).build();
    try (Connection c =
        DriverManager.getConnection(PgTestSupport.URL + "&currentSchema=" + schema)) {
      c.setAutoCommit(false);
      String before = searchPath(c);
      assertThat(before).isEqualTo(schema);
      long id = jobs.enqueue(c, JobRequest.of("path.fast", java.util.Map.of("n", 2))).jobId();
      assertThat(jobs.job(c, id).orElseThrow().type()).isEqualTo("path.fast");
      assertThat(searchPath(c)).isEqualTo(before);
      c.commit();
      assertThat(store.jobGet(id)).isPresent();
    } finally {
      jobs.close();
    }
  }

  private static String searchPath(Connection c) throws Exception {
    try (var st = c.createStatement();
        var rs = st.executeQuery("SHOW search_path")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void fastLeaseCommitsWorkTheSame() {
    try (JobStore durable =
        JobStores.postgres(
            PostgresStoreConfig.of(PgTestSupport.URL, schema).withDurableLeaseCommits(false))) {
      Jobs jobs = Jobs.builder(durable).maintenance(false).build();
      long id = jobs.enqueue(JobRequest.builder("durable").queue(queue).payload(1).build()).jobId();
      LeasedJob l =
          durable
              .jobClaim(JobClaimParams.of(queue, "w", 1, java.time.Duration.ofSeconds(30)))
              .get(0);
      assertThat(l.id()).isEqualTo(id);
      jobs.complete(id, l.leaseToken(), null);
      assertThat(store.jobGet(id).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
      jobs.close();
    }
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
