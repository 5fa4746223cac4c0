package dev.keel.bench.internal.primitives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrimitivesReportTest {

  @Test
  void ratiosDivideKeelByThePeerOfTheSameForm() {
    var report =
        new PrimitivesReport(
            List.of(
                new Measurement("Breaker", "keel", 1, 10, 0, 0),
                new Measurement("Breaker", "keelPermission", 1, 5, 0, 0),
                new Measurement("Breaker", "resilience4j", 1, 40, Double.NaN, 0),
                new Measurement("Breaker", "resilience4jPermission", 1, 20, 1.5, 48)));

    String table = report.table();

    assertThat(table)
        .contains("| Resilience4j 2.4.0 | 40.0 | — | 0 | — | 0.25 |  |")
        .contains("| Resilience4j 2.4.0, permission form | 20.0 ± 1.5 | — | 48 | — | 0.25 |  |");
    // Keel's rows come first in their group.
    assertThat(table.indexOf("**Keel**")).isLessThan(table.indexOf("Resilience4j"));
  }

  @Test
  void targetsSayMetMissedOrNotMeasured() {
    var report =
        new PrimitivesReport(
            List.of(
                new Measurement("Breaker", "keel", 1, 10, 0, 0),
                new Measurement("Breaker", "keelPermission", 1, 80, 0, 0),
                new Measurement("Breaker", "resilience4j", 1, 40, 0, 0),
                new Measurement("Breaker", "keel", 2, 50, 0, 0.2),
                new Measurement("Breaker", "resilience4j", 2, 100, 0, 0),
                new Measurement("RateLimiter", "keel", 1, 30, 0, 16),
                new Measurement("RateLimiter", "bucket4j", 1, 60, 0, 64),
                new Measurement("RateLimiter", "resilience4j", 1, 50, 0, 40)));

    String targets = report.targets();

    assertThat(targets)
        .contains(
            "breaker ≤ 1/3 of Resilience4j's, 1 thread: Keel (keel) ÷ resilience4j"
                + " = 0.25 → **met**")
        .contains(
            "breaker ≤ 1/10 of Resilience4j's, 2 threads: Keel (keel) ÷"
                + " resilience4j = 0.50 → **missed**")
        .contains(
            "rate limiter ≤ 1/2 of the fastest peer, 1 thread: Keel (keel) ÷ resilience4j"
                + " = 0.60 → **missed**")
        .contains("retry no slower than Resilience4j's, 1 thread: **not measured**")
        .contains("no allocation per call: **missed** by RateLimiter.keel at 1 thread");
  }

  @Test
  void withoutKeelEveryTargetIsNotMeasured() {
    var report =
        new PrimitivesReport(List.of(new Measurement("Retry", "resilience4j", 1, 12, 0, 0)));

    assertThat(report.targets().lines())
        .allSatisfy(line -> assertThat(line).contains("**not measured**"));
    assertThat(report.table()).contains("| n/a |");
  }
}
