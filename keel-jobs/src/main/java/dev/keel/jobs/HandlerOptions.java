package dev.keel.jobs;

import dev.keel.core.Backoff;

/**
 * Per-job-type settings given when a handler is registered.
 *
 * @param maxAttempts attempts for jobs of this type enqueued on this node without their own value;
 *     null for the global default [5]
 * @param backoff retry delays; null for the global default [5 s base, 5 min cap, ±25 %]
 * @param cpuBound run on the bounded platform pool (sized to the cores) instead of a virtual thread
 *     [false]
 * @param concurrencyLimit most jobs of this type running at once across all nodes (enforced in the
 *     claim; every node must configure the same value); null for no limit
 */
public record HandlerOptions(
    Integer maxAttempts, Backoff backoff, boolean cpuBound, Integer concurrencyLimit) {

  /** No overrides. */
  public static final HandlerOptions DEFAULTS = new HandlerOptions(null, null, false, null);

  /** Validates. */
  public HandlerOptions {
    if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > 1000)) {
      throw new IllegalArgumentException("maxAttempts must be in 1..1000, was " + maxAttempts);
    }
    if (concurrencyLimit != null && concurrencyLimit < 1) {
      throw new IllegalArgumentException(
          "concurrencyLimit must be at least 1 or null, was " + concurrencyLimit);
    }
  }

  /** A copy with {@code maxAttempts}. */
  public HandlerOptions withMaxAttempts(int value) {
    return new HandlerOptions(value, backoff, cpuBound, concurrencyLimit);
  }

  /** A copy with {@code backoff}. */
  public HandlerOptions withBackoff(Backoff value) {
    return new HandlerOptions(maxAttempts, value, cpuBound, concurrencyLimit);
  }

  /** A copy that is CPU-bound. */
  public HandlerOptions withCpuBound(boolean value) {
    return new HandlerOptions(maxAttempts, backoff, value, concurrencyLimit);
  }

  /** A copy with a cluster-wide concurrency limit. */
  public HandlerOptions withConcurrencyLimit(int value) {
    return new HandlerOptions(maxAttempts, backoff, cpuBound, value);
  }
}
