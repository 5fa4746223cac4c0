package dev.keel.core;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Builds a {@link Bulkhead}. Not thread-safe; {@link #build()} takes an immutable snapshot.
 *
 * <p>Defaults: {@code maxConcurrent} 25, {@code maxWait} zero, IO-bound (no executor).
 */
public final class BulkheadBuilder {

  private final String name;
  private int maxConcurrent = Bulkhead.DEFAULT_MAX_CONCURRENT;
  private Duration maxWait = Duration.ZERO;
  private boolean cpuBound;
  private Executor executor;

  BulkheadBuilder(String name) {
    this.name = name;
  }

  /** Calls allowed to run at once [default 25]; at least 1. */
  public BulkheadBuilder maxConcurrent(int maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
    return this;
  }

  /** How long a call waits for a permit before {@link BulkheadFullException} [default zero]. */
  public BulkheadBuilder maxWait(Duration maxWait) {
    this.maxWait = maxWait;
    return this;
  }

  /**
   * Whether the work is CPU-bound [default false]: if so, the work runs on {@link
   * KeelExecutors#cpu()} (unless {@link #executor(Executor)} names another pool).
   */
  public BulkheadBuilder cpuBound(boolean cpuBound) {
    this.cpuBound = cpuBound;
    return this;
  }

  /**
   * Runs the work on {@code executor} instead of the default: the caller's thread (or a new virtual
   * thread for {@code submit}) when IO-bound, {@link KeelExecutors#cpu()} when CPU-bound. {@code
   * null} restores the default.
   */
  public BulkheadBuilder executor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /** The validated configuration. */
  public BulkheadConfig buildConfig() {
    return new BulkheadConfig(name, maxConcurrent, maxWait, cpuBound, executor);
  }

  /**
   * A new bulkhead.
   *
   * @throws IllegalArgumentException naming the setting when a value is out of range
   */
  public Bulkhead build() {
    return Bulkhead.of(buildConfig());
  }
}
