package dev.keel.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task that holds a permit and gives it back exactly once: when the work ends, or when the task
 * is cancelled before the work started. A task cancelled while running keeps its permit until the
 * work really stops, so a bulkhead's limit also covers work that ignores interruption for a while.
 *
 * @param <T> the result type
 */
public final class PermitTask<T> extends FutureTask<T> {

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int RELEASED = 2;

  /** NEW until the work starts, RUNNING while it runs, RELEASED once the permit is back. */
  private final AtomicInteger state;

  private final Runnable release;

  private PermitTask(Callable<T> wrapped, AtomicInteger state, Runnable release) {
    super(wrapped);
    this.state = state;
    this.release = release;
  }

  /** A task running {@code work} that calls {@code release} exactly once. */
  public static <T> PermitTask<T> of(Callable<T> work, Runnable release) {
    AtomicInteger state = new AtomicInteger(NEW);
    Callable<T> wrapped =
        () -> {
          if (!state.compareAndSet(NEW, RUNNING)) {
            throw new CancellationException("cancelled before it started");
          }
          try {
            return work.call();
          } finally {
            if (state.compareAndSet(RUNNING, RELEASED)) {
              release.run();
            }
          }
        };
    return new PermitTask<>(wrapped, state, release);
  }

  @Override
  protected void done() {
    if (state.compareAndSet(NEW, RELEASED)) {
      release.run();
    }
  }
}
