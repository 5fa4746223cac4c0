package dev.keel.core.internal;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keel's one shared timer: a daemon platform thread, created on first use, that only fires timers.
 * It serves asynchronous timeouts ({@link #schedule}) and is the default scheduler of asynchronous
 * retries ({@link #shared()}).
 *
 * <p>Design note: the timer thread never runs user code. Every task it fires is handed to a fresh
 * virtual thread, so a continuation attached to a timed-out stage, or a retry's supplier that
 * blocks, can never delay another timer. Cancelled timers are removed at once, so a long timeout on
 * a fast call does not keep its stage reachable. Callers cannot shut the timer down; it dies with
 * the JVM.
 */
public final class Timers {

  private Timers() {}

  private static final class Holder {
    static final HandOffScheduler TIMER = new HandOffScheduler();
  }

  /** The shared timer as a scheduler; the one-shot {@code schedule} methods hand off their task. */
  public static ScheduledExecutorService shared() {
    return Holder.TIMER;
  }

  /** Runs {@code task} on a new virtual thread after {@code delayNanos}. */
  public static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return Holder.TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A single-thread scheduler whose one-shot tasks start on new virtual threads. {@code execute}
   * and {@code submit(Runnable)} go through {@code schedule} too, so they hand off as well (their
   * futures complete at the hand-off, not when the task ends); Callables are refused. Periodic
   * tasks are not used by Keel and run on the timer thread as usual.
   */
  private static final class HandOffScheduler extends ScheduledThreadPoolExecutor {

    HandOffScheduler() {
      super(
          1,
          Thread.ofPlatform()
              .name("keel-timer")
              .daemon(true)
              .inheritInheritableThreadLocals(false)
              .factory());
      setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      Runnable handOff = () -> Thread.ofVirtual().name("keel-timer-task").start(command);
      return super.schedule(handOff, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException(
          "Keel's shared timer only schedules Runnables; use your own scheduler for Callables");
    }

    @Override
    public void shutdown() {
      throw new UnsupportedOperationException("Keel's shared timer cannot be shut down");
    }

    @Override
    public List<Runnable> shutdownNow() {
      throw new UnsupportedOperationException("Keel's shared timer cannot be shut down");
    }
  }
}
