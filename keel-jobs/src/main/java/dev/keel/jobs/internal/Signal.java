package dev.keel.jobs.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

  /** Bumped by every {@link #signal()}. */
  private final AtomicLong generation = new AtomicLong();

  /**
   * Threads inside {@link #await}; changed under {@link #lock}. A signal with no waiter skips the
   * lock: a waiter counts itself before it reads the generation, so it either sees the new
   * generation or is counted (and then woken under the lock).
   */
  private final AtomicInteger waiters = new AtomicInteger();

  /** The current generation. */
  public long generation() {
    return generation.get();
  }

  /** Wakes every waiter. */
  public void signal() {
    generation.incrementAndGet();
    if (waiters.get() == 0) {
      return;
    }
    lock.lock();
    try {
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
    waiters.incrementAndGet();
    try {
      while (generation.get() == seen) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      waiters.decrementAndGet();
      lock.unlock();
    }
  }

  /** Like {@link #await(long, Duration)} in milliseconds. */
  public boolean await(long seen, long millis) throws InterruptedException {
    return await(seen, Duration.ofNanos(TimeUnit.MILLISECONDS.toNanos(millis)));
  }
}
