package dev.keel.jobs.internal;

import dev.keel.jobs.QueueStats;
import java.time.Duration;
import java.util.List;

/** Nearest-rank percentiles of sorted millisecond samples. */
final class Percentiles {

  private Percentiles() {}

  /** Percentiles of {@code sortedMillis} (ascending, not empty). */
  static QueueStats.LatencyPercentiles of(List<Long> sortedMillis) {
    return new QueueStats.LatencyPercentiles(
        sortedMillis.size(),
        rank(sortedMillis, 0.50),
        rank(sortedMillis, 0.95),
        rank(sortedMillis, 0.99),
        Duration.ofMillis(sortedMillis.get(sortedMillis.size() - 1)));
  }

  private static Duration rank(List<Long> sorted, double q) {
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return Duration.ofMillis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
  }
}
