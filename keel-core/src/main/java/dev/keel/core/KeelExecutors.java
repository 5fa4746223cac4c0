package dev.keel.core;

import dev.keel.core.internal.CpuPool;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Where work runs: IO-bound work on virtual threads, CPU-bound work on a pool sized to the cores.
 *
 * <p>A virtual thread that computes for a long time holds one of the few carrier threads and
 * starves every other virtual thread; a platform pool of {@code availableProcessors} threads keeps
 * CPU-bound work from taking more than the machine has, and its bounded queue turns overload into a
 * clear {@link RejectedExecutionException} instead of unbounded memory growth. {@link Bulkhead}'s
 * {@code cpuBound(true)} runs its work on {@link #cpu()}.
 *
 * <p>The shared executors are thread-safe, are never shut down (their threads are daemons) and
 * cannot be shut down by callers.
 */
public final class KeelExecutors {

  /** Tasks the shared {@link #cpu()} pool queues beyond its busy threads before it rejects. */
  public static final int CPU_QUEUE_CAPACITY = 1024;

  private static final ThreadFactory IO_THREADS = Thread.ofVirtual().name("keel-io-", 0).factory();
  private static final Executor IO = task -> IO_THREADS.newThread(task).start();

  private KeelExecutors() {}

  /** Runs every task on a new virtual thread: for IO-bound work. Never rejects. */
  public static Executor io() {
    return IO;
  }

  /**
   * The shared pool for CPU-bound work: {@code Runtime.availableProcessors()} daemon platform
   * threads named {@code keel-cpu-N} and a queue of {@value #CPU_QUEUE_CAPACITY} tasks. When all
   * threads are busy and the queue is full, {@code execute} throws {@link
   * RejectedExecutionException} saying so.
   */
  public static Executor cpu() {
    return CpuPool.shared();
  }

  /**
   * A new pool for CPU-bound work that the caller owns and shuts down: {@code threads} daemon
   * platform threads named {@code name-N}, a queue of {@code queueCapacity} tasks, and a clear
   * {@link RejectedExecutionException} beyond that.
   *
   * @throws IllegalArgumentException if {@code threads} or {@code queueCapacity} is not positive,
   *     or {@code name} is blank
   */
  public static ExecutorService newCpuPool(String name, int threads, int queueCapacity) {
    return CpuPool.create(name, threads, queueCapacity);
  }
}
