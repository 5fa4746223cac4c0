package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance suite on SQLite in a temporary file. */
class SqliteJobStoreTest extends JobStoreContract {

  private static Path dir;
  private static JobStore store;

  @BeforeAll
  static void open() throws Exception {
    dir = Files.createTempDirectory("keel-jobs-sqlite");
    store = JobStores.sqlite(dir.resolve("jobs.db"));
  }

  @AfterAll
  static void close() throws Exception {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  protected JobStore store() {
    return store;
  }

  @Override
  protected Connection openConnection() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobs.db"));
    try (var st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
    }
    return c;
  }

  @Test
  void theOnlyProcessAlwaysLeadsAndWalIsOn() throws Exception {
    assertThat(store.leaderTryAcquire()).isTrue();
    try (Connection c = openConnection();
        var st = c.createStatement();
        var rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
