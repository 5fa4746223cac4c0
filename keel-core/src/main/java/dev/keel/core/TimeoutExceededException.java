package dev.keel.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown (or used to complete a stage) by a {@link Timeout} whose call did not finish in time. The
 * work has been interrupted (blocking form) or its stage cancelled (asynchronous form). Immutable.
 */
public final class TimeoutExceededException extends RuntimeException {

  private final String timeoutName;
  private final Duration limit;
  private final Duration configured;

  /**
   * @param timeoutName the timeout that expired
   * @param limit the limit applied to this call: the configured timeout, or less when an outer
   *     deadline left less
   * @param configured the configured timeout
   */
  public TimeoutExceededException(String timeoutName, Duration limit, Duration configured) {
    super(
        "timeout '"
            + timeoutName
            + "' exceeded: the call took longer than "
            + limit
            + (limit.equals(configured) ? "" : " (what was left of an outer deadline)"));
    this.timeoutName = Objects.requireNonNull(timeoutName, "timeoutName");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.configured = Objects.requireNonNull(configured, "configured");
  }

  /** The name of the timeout that expired. */
  public String timeoutName() {
    return timeoutName;
  }

  /** The limit applied to this call; less than {@link #configured()} under an outer deadline. */
  public Duration limit() {
    return limit;
  }

  /** The timeout as configured. */
  public Duration configured() {
    return configured;
  }
}
