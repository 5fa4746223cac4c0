package dev.keel.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a {@link Bulkhead} when all its permits are taken and none came free within its {@code
 * maxWait}. Refusals are load shedding, not bugs: this exception records no stack trace. Immutable.
 */
public final class BulkheadFullException extends RuntimeException {

  private final String bulkheadName;
  private final int maxConcurrent;

  /**
   * @param bulkheadName the refusing bulkhead
   * @param maxConcurrent its limit
   * @param maxWait how long the call waited
   */
  public BulkheadFullException(String bulkheadName, int maxConcurrent, Duration maxWait) {
    super(
        "bulkhead '"
            + bulkheadName
            + "' is full: "
            + maxConcurrent
            + " calls are running"
            + (maxWait.isZero() ? "" : " and none finished within " + maxWait),
        null,
        false,
        false);
    this.bulkheadName = Objects.requireNonNull(bulkheadName, "bulkheadName");
    this.maxConcurrent = maxConcurrent;
  }

  /** The name of the bulkhead that refused. */
  public String bulkheadName() {
    return bulkheadName;
  }

  /** The bulkhead's limit of concurrent calls. */
  public int maxConcurrent() {
    return maxConcurrent;
  }
}
