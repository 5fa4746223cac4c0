package dev.keel.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of {@link JobStore#queueStats}.
 *
 * @param latencyWindow start latencies of claims within this window count
 */
public record QueueStatsParams(Duration latencyWindow) {

  /** Null check. */
  public QueueStatsParams {
    Objects.requireNonNull(latencyWindow, "latencyWindow");
  }
}
