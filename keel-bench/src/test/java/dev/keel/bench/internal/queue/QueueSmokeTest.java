package dev.keel.bench.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The queue harness end to end on the real PostgreSQL with a few jobs: every subject enqueues,
 * drains and measures start latency from another JVM, the subjects take turns, and their schemas
 * are gone afterwards.
 */
class QueueSmokeTest {

  @Test
  void everySubjectDrainsAndMeasuresLatencyAndLeavesNoSchemaBehind() throws Exception {
    List<String> before = benchSchemas();

    List<QueueResult> results = QueueCommand.run(true, null, 200, null);

    assertThat(results).extracting(QueueResult::subject).containsExactlyElementsOf(Subjects.ALL);
    for (QueueResult r : results) {
      assertThat(r.error()).as(r.subject()).isEmpty();
      assertThat(r.jobs()).isEqualTo(200);
      assertThat(r.enqueuePerSec()).as(r.subject()).isPositive();
      assertThat(r.drainPerSec()).as(r.subject()).isPositive();
      // A smoke run measures twice, each from a fresh store; the figure is their median.
      assertThat(r.drainRuns())
          .as(r.subject())
          .hasSize(2)
          .allSatisfy(d -> assertThat(d).isPositive());
      assertThat(r.drainPerSec())
          .as(r.subject())
          .isCloseTo((r.drainRuns().get(0) + r.drainRuns().get(1)) / 2, within(0.01));
      assertThat(r.samples()).as(r.subject()).isEqualTo("10/10");
      assertThat(r.p99Millis()).as(r.subject()).isGreaterThanOrEqualTo(r.p50Millis());
      // A smoke run warms up with one round as large as the measured run.
      assertThat(r.warmupJobs()).as(r.subject()).isEqualTo(200);
      assertThat(r.drainJitShare()).as(r.subject()).isNotNaN().isNotNegative();
      assertThat(r.roundSpans()).as(r.subject()).hasSize(2);
    }
    assertTakingTurns(results);
    assertThat(benchSchemas()).isEqualTo(before);
  }

  /**
   * No two subjects' measured rounds overlap, and each round runs the subjects in the listed order
   * rotated by one more place than the round before (the warm-ups took the unrotated order).
   */
  private static void assertTakingTurns(List<QueueResult> results) {
    List<QueueResult.Span> all = new ArrayList<>();
    results.forEach(r -> all.addAll(r.roundSpans()));
    all.sort(Comparator.comparingLong(QueueResult.Span::startMillis));
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).startMillis())
          .as("round %s starts after round %s ended", all.get(i), all.get(i - 1))
          .isGreaterThanOrEqualTo(all.get(i - 1).endMillis());
    }
    int n = results.size();
    for (int round = 0; round < 2; round++) {
      int r = round;
      List<String> ran =
          results.stream()
              .sorted(Comparator.comparingLong(q -> q.roundSpans().get(r).startMillis()))
              .map(QueueResult::subject)
              .toList();
      List<String> rotated = new ArrayList<>(Subjects.ALL);
      Collections.rotate(rotated, -((round + 1) % n));
      assertThat(ran).as("order of measured round %d", round + 1).isEqualTo(rotated);
    }
  }

  private static List<String> benchSchemas() throws Exception {
    try (Connection c = DriverManager.getConnection(Postgres.baseUrl());
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT schema_name FROM information_schema.schemata"
                        + " WHERE schema_name LIKE 'keel\\_bench\\_%' ORDER BY 1")) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }
}
