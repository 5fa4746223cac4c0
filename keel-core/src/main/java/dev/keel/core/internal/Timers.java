package dev.keel.core.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared daemon timer thread for asynchronous timeouts.
 *
 * <p>Design note: the timer thread only hands the expiry to a fresh virtual thread, so user
 * continuations attached to a timed-out stage never run on (and never block) the timer itself.
 * Cancelled timers are removed at once so a long timeout on a fast call does not keep its stage
 * reachable.
 */
public final class Timers {

  private Timers() {}

  private static final class Holder {
    static final ScheduledThreadPoolExecutor TIMER = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              Thread.ofPlatform()
                  .name("keel-timer")
                  .daemon(true)
                  .inheritInheritableThreadLocals(false)
                  .factory());
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  /** Runs {@code task} on a new virtual thread after {@code delayNanos}. */
  public static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return Holder.TIMER.schedule(
        () -> Thread.ofVirtual().name("keel-timeout").start(task),
        delayNanos,
        TimeUnit.NANOSECONDS);
  }
}
