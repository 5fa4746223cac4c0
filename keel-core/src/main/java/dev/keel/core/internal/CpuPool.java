package dev.keel.core.internal;

import dev.keel.core.KeelExecutors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Bounded platform-thread pools for CPU-bound work; see {@link KeelExecutors#cpu()}. */
public final class CpuPool {

  private CpuPool() {}

  private static final class Holder {
    static final ThreadPoolExecutor POOL =
        create(
            "keel-cpu",
            Runtime.getRuntime().availableProcessors(),
            KeelExecutors.CPU_QUEUE_CAPACITY);

    /** A view that callers cannot shut down. */
    static final Executor VIEW = POOL::execute;
  }

  /** The shared pool, created on first use. */
  public static Executor shared() {
    return Holder.VIEW;
  }

  /** A new bounded pool; see {@link KeelExecutors#newCpuPool(String, int, int)}. */
  public static ThreadPoolExecutor create(String name, int threads, int queueCapacity) {
    Checks.notBlank("name", name);
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be > 0, was " + threads);
    }
    if (queueCapacity <= 0) {
      throw new IllegalArgumentException("queueCapacity must be > 0, was " + queueCapacity);
    }
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity),
        Thread.ofPlatform()
            .name(name + "-", 0)
            .daemon(true)
            .inheritInheritableThreadLocals(false)
            .factory(),
        (task, pool) -> {
          throw new RejectedExecutionException(
              pool.isShutdown()
                  ? "CPU pool '" + name + "' is shut down"
                  : "CPU pool '"
                      + name
                      + "' is saturated: all "
                      + threads
                      + " threads are busy and its queue of "
                      + queueCapacity
                      + " tasks is full; shed load, or bound callers with a Bulkhead");
        });
  }
}
