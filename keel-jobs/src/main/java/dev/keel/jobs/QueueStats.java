package dev.keel.jobs;

import java.time.Duration;
import java.util.Map;

/**
 * A queue's state as the store sees it, across all nodes.
 *
 * @param queue the queue name
 * @param counts jobs per state (every state present, zero when none)
 * @param dlqDepth dead jobs (same as {@code counts.get(DEAD)})
 * @param oldestAvailableAge how long the oldest due, unclaimed job has waited; zero when none
 * @param startLatency start-latency percentiles over the store's recent window; null when no job
 *     started in it
 */
public record QueueStats(
    String queue,
    Map<JobState, Long> counts,
    long dlqDepth,
    Duration oldestAvailableAge,
    LatencyPercentiles startLatency) {

  /** Copies the map. */
  public QueueStats {
    counts = Map.copyOf(counts);
  }

  /**
   * Start-latency percentiles (from due to claimed).
   *
   * @param samples jobs in the window
   * @param p50 median
   * @param p95 95th percentile
   * @param p99 99th percentile
   * @param max the largest
   */
  public record LatencyPercentiles(
      long samples, Duration p50, Duration p95, Duration p99, Duration max) {}
}
