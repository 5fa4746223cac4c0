package dev.keel.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * A remote worker's pull: up to {@code max} jobs under a lease, waiting up to {@code wait} for work
 * to arrive.
 *
 * @param workerId recorded on the jobs; 1-200 characters
 * @param max 1..1000
 * @param visibilityTimeout lease length; null for the queue's [30 s]
 * @param waitFor how long to wait for work when none is due (long poll), 0..60 s; null for none
 */
public record LeaseRequest(String workerId, int max, Duration visibilityTimeout, Duration waitFor) {

  /** Validates. */
  public LeaseRequest {
    Objects.requireNonNull(workerId, "workerId");
    if (workerId.isBlank() || workerId.length() > 200) {
      throw new InvalidJobException("workerId", "must be 1-200 characters, was '" + workerId + "'");
    }
    if (max < 1 || max > 1000) {
      throw new InvalidJobException("max", "must be in 1..1000, was " + max);
    }
    if (visibilityTimeout != null
        && (visibilityTimeout.toMillis() < 100 || visibilityTimeout.toHours() > 24)) {
      throw new InvalidJobException(
          "visibilityTimeout", "must be between 100 ms and 24 h, was " + visibilityTimeout);
    }
    waitFor = waitFor == null ? Duration.ZERO : waitFor;
    if (waitFor.isNegative() || waitFor.toSeconds() > 60) {
      throw new InvalidJobException("waitFor", "must be between 0 and 60 s, was " + waitFor);
    }
  }
}
