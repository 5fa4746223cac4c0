package dev.keel.jobs.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A generation counter that waiters can block on: read {@link #generation()}, look for work, and if
 * there is none {@link #await(long, Duration)} until the generation moves or the timeout passes. A
 * signal between the read and the wait is never missed. Thread-safe; uses a ReentrantLock so
 * virtual threads do not pin.
 */
public final class Signal {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Bumped by every {@link #signal()}; guarded by {@link #lock} for writes. */
  private volatile long generation;

  /** The current generation. */
  public long generation() {
    return generation;
  }

  /** Wakes every waiter. */
  public void signal() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the generation differs from {@code seen} or {@code timeout} passes.
   *
   * @return true if signalled
   */
  public boolean await(long seen, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (generation == seen) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Like {@link #await(long, Duration)} in milliseconds. */
  public boolean await(long seen, long millis) throws InterruptedException {
    return await(seen, Duration.ofNanos(TimeUnit.MILLISECONDS.toNanos(millis)));
  }
}
