package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.util.Objects;

/**
 * The immutable configuration of a {@link Timeout}; every value is validated here.
 *
 * @param name names the timeout in exceptions and events; not blank
 * @param timeout the longest a call may take; positive (no default)
 * @param clock measures deadlines [default {@link KeelClock#system()}]
 */
public record TimeoutConfig(String name, java.time.Duration timeout, KeelClock clock) {

  /** Validates every field; a bad value fails here, naming the field and the value. */
  public TimeoutConfig {
    Objects.requireNonNull(clock, "clock");
    Checks.notBlank("name", name);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "timeout must be positive, was " + timeout + "; set it with timeout(Duration)");
    }
  }
}
