package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The immutable configuration of a {@link Bulkhead}; every value is validated here.
 *
 * @param name names the bulkhead in exceptions and events; not blank
 * @param maxConcurrent calls allowed to run at once; at least 1 [default 25]
 * @param maxWait how long a call waits for a permit; zero or positive [default zero: refuse at
 *     once]
 * @param cpuBound whether the work runs on {@link KeelExecutors#cpu()} [default false]
 * @param executor where the work runs instead of the default, or {@code null} [default null]
 */
public record BulkheadConfig(
    String name, int maxConcurrent, Duration maxWait, boolean cpuBound, Executor executor) {

  /** Validates every field; a bad value fails here, naming the field and the value. */
  public BulkheadConfig {
    Checks.notBlank("name", name);
    if (maxConcurrent <= 0) {
      throw new IllegalArgumentException("maxConcurrent must be > 0, was " + maxConcurrent);
    }
    Checks.notNegative("maxWait", maxWait);
  }
}
