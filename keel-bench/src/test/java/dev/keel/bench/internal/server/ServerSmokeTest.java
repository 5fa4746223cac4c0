package dev.keel.bench.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server benchmark end to end with a few calls, on SQLite and on PostgreSQL: every enqueue
 * answered 201 and every lease found a job that then completed with 200 (an error otherwise), on
 * both sides; the table lands between the markers of the document and nothing else changes.
 */
class ServerSmokeTest {

  @Test
  void measuresBothStoresOnBothSidesWithoutErrorsAndWritesTheSection(@TempDir Path dir)
      throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# Before\n\n<!-- server:begin -->\nold\n<!-- server:end -->\nafter\n");

    List<ServerRow> rows = ServerCommand.run(true, doc, 100);

    assertThat(rows)
        .extracting(r -> r.store() + "/" + r.operation())
        .containsExactly(
            "SQLite/enqueue",
            "SQLite/lease→complete",
            "PostgreSQL/enqueue",
            "PostgreSQL/lease→complete");
    for (ServerRow r : rows) {
      String what = r.store() + "/" + r.operation();
      assertThat(r.library().errors()).as(what + ": " + r.library().firstError()).isZero();
      assertThat(r.http().errors()).as(what + ": " + r.http().firstError()).isZero();
      assertThat(r.library().operations()).isEqualTo(100);
      assertThat(r.http().operations()).isEqualTo(100);
      assertThat(r.library().perSecond()).isPositive();
      assertThat(r.http().perSecond()).isPositive();
    }
    String text = Files.readString(doc);
    assertThat(text)
        .startsWith("# Before\n\n<!-- server:begin -->\n")
        .endsWith("<!-- server:end -->\nafter\n");
    assertThat(text).doesNotContain("old").contains("| PostgreSQL | lease→complete |");
  }
}
