package dev.keel.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link Timeout}. Not thread-safe; {@link #build()} takes an immutable snapshot.
 *
 * <p>Defaults: {@code timeout} must be set; the system clock.
 */
public final class TimeoutBuilder {

  private final String name;
  private Duration timeout;
  private KeelClock clock = KeelClock.system();

  TimeoutBuilder(String name) {
    this.name = name;
  }

  /** The longest a call may take. Required; positive. */
  public TimeoutBuilder timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** The clock that measures deadlines [default {@link KeelClock#system()}]. */
  public TimeoutBuilder clock(KeelClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The validated configuration. */
  public TimeoutConfig buildConfig() {
    return new TimeoutConfig(name, timeout, clock);
  }

  /**
   * A new timeout.
   *
   * @throws IllegalArgumentException naming the setting when a value is missing or out of range
   */
  public Timeout build() {
    return Timeout.of(buildConfig());
  }
}
