package dev.keel.core.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default scheduler of asynchronous retries: one daemon platform thread, created on first use,
 * that only fires timers (the work it starts must not block). Cancelled timers are removed at once
 * so abandoned retries do not pile up. Never shut down; it dies with the JVM.
 */
public final class SharedScheduler {

  private SharedScheduler() {}

  /** The shared scheduler. */
  public static ScheduledExecutorService get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final ScheduledExecutorService INSTANCE = create();

    private static ScheduledExecutorService create() {
      AtomicInteger count = new AtomicInteger();
      ThreadFactory factory =
          runnable -> {
            Thread thread = new Thread(runnable, "keel-scheduler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          };
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, factory);
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }
}
