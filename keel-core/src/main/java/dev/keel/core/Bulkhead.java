package dev.keel.core;

import dev.keel.core.internal.SemaphoreBulkhead;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Bounds how many calls run at once, so one slow dependency cannot take every thread, connection or
 * core. A call beyond {@link BulkheadConfig#maxConcurrent() maxConcurrent} waits up to {@link
 * BulkheadConfig#maxWait() maxWait} [default zero: refused at once] for a permit, then fails with
 * {@link BulkheadFullException}. Waiting callers are served first come, first served (a fair {@link
 * java.util.concurrent.Semaphore}, which parks virtual threads without pinning).
 *
 * <p>The permit is released when the call returns or throws, and for {@link #callAsync} when the
 * returned stage's work completes: an asynchronous stage that never completes keeps its permit, so
 * bound such work with a {@link Timeout}. Cancelling a stage this bulkhead returned does not
 * interrupt the work; the permit is released only when the work itself ends.
 *
 * <p><b>Where work runs.</b> IO-bound work runs on the caller's thread ({@link #call}, {@link
 * #callAsync}) or a new virtual thread ({@link #submit}). With {@link
 * BulkheadBuilder#cpuBound(boolean) cpuBound(true)} the work runs on {@link KeelExecutors#cpu()}, a
 * platform pool sized to the cores: {@link #call} hands the callable to the pool and waits
 * (interrupting the caller cancels and interrupts the work), {@link #callAsync} runs the supplier
 * there, {@link #submit} runs the callable there. A custom executor can be set with {@link
 * BulkheadBuilder#executor}.
 *
 * <p>Thread-safe.
 */
public interface Bulkhead extends Policy {

  /** Default {@link BulkheadConfig#maxConcurrent()}: 25. */
  int DEFAULT_MAX_CONCURRENT = 25;

  /** A builder for a bulkhead named {@code name} (used in exceptions and events). */
  static BulkheadBuilder builder(String name) {
    return new BulkheadBuilder(name);
  }

  /** A bulkhead with the defaults: 25 concurrent calls, no waiting, IO-bound. */
  static Bulkhead ofDefaults(String name) {
    return builder(name).build();
  }

  /** A bulkhead with the given configuration. */
  static Bulkhead of(BulkheadConfig config) {
    return new SemaphoreBulkhead(config);
  }

  /** The configuration this bulkhead was built with. */
  BulkheadConfig config();

  /** The name given at construction; used in exceptions, events and metrics. */
  default String name() {
    return config().name();
  }

  /** Counters since construction. */
  Metrics metrics();

  /**
   * Runs {@code task} under this bulkhead on its executor: a new virtual thread, or the CPU pool
   * when {@code cpuBound}. Never blocks the caller. The future fails with {@link
   * BulkheadFullException} when no permit comes within {@code maxWait}, or with {@link
   * java.util.concurrent.RejectedExecutionException} when the executor refuses the task.
   */
  <T> CompletableFuture<T> submit(Callable<T> task);

  /** Permits free now. */
  int availablePermits();

  /**
   * Adds a listener for this bulkhead's events, delivered on the calling thread. A listener that
   * throws is logged and ignored.
   *
   * @return this bulkhead
   */
  Bulkhead onEvent(Consumer<? super BulkheadEvent> listener);

  /**
   * Counters since construction; not read atomically together. Calls in use now are {@code
   * config().maxConcurrent() - availablePermits()}.
   *
   * @param permitted calls that got a permit
   * @param rejected calls refused with {@link BulkheadFullException}
   */
  record Metrics(long permitted, long rejected) {}
}
