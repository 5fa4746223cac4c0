package dev.keel.http.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends response bodies that outlive their attempt's deadline. The JDK's request timeout stops once
 * the response head has arrived, so a body that dribbles in is bounded here: each body being read
 * is registered with its deadline, and one daemon thread per JVM wakes at the earliest deadline and
 * expires what is due (on a virtual thread of its own, so a slow expiry delays no other).
 *
 * <p>Why not a scheduled task per attempt ({@code CompletableFuture.orTimeout}, a {@code
 * ScheduledExecutorService}): scheduling and cancelling one takes a lock shared by every request
 * and wakes threads, a cost paid by every request for a timeout that almost never fires.
 * Registering here is a set insertion and one volatile read; the thread is woken only when the new
 * deadline is earlier than its next wake-up, which with a client's uniform timeouts is rare. While
 * bodies come and go it wakes at least once a second; after a second without any it sleeps until
 * the next registration.
 *
 * <p>Deadlines are {@link System#nanoTime()} readings: they bound real time, whatever clock the
 * client measures durations with. Thread-safe.
 */
final class ResponseDeadlines {

  /** Something with a deadline; registered at most once at a time. */
  interface Expiring {

    /** The {@link System#nanoTime()} reading at which it expires. */
    long deadlineNanos();

    /** Called once the deadline has passed (on a thread of its own), unless removed before. */
    void expire();
  }

  /** {@link #wakeAt} while the thread scans or sleeps without a deadline: always wake it. */
  private static final long WAKE_ALWAYS = Long.MIN_VALUE;

  /** The longest the thread sleeps while bodies are being registered. */
  private static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final class Holder {
    static final ResponseDeadlines SHARED = new ResponseDeadlines("keel-http-response-deadlines");
  }

  private final Set<Expiring> pending = ConcurrentHashMap.newKeySet();
  private final Thread thread;

  /** When the thread scans next at the latest, or {@link #WAKE_ALWAYS}. */
  private volatile long wakeAt = WAKE_ALWAYS;

  /** Set by registrations since the thread's last scan. */
  private volatile boolean touched;

  /** Starts a watcher with a daemon thread of its own (the shared one: {@link #shared()}). */
  ResponseDeadlines(String threadName) {
    this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::run);
    thread.start();
  }

  /** The watcher every client shares. */
  static ResponseDeadlines shared() {
    return Holder.SHARED;
  }

  /** Watches {@code e} until {@link #remove} or its deadline. */
  void add(Expiring e) {
    pending.add(e);
    if (!touched) {
      touched = true;
    }
    // Ordered after the insertion: a thread that published wakeAt before it could see e wakes.
    long w = wakeAt;
    if (w == WAKE_ALWAYS || e.deadlineNanos() - w < 0) {
      LockSupport.unpark(thread);
    }
  }

  /** Stops watching {@code e}; harmless when it is not watched. */
  void remove(Expiring e) {
    pending.remove(e);
  }

  /** How many are watched, for tests. */
  int size() {
    return pending.size();
  }

  private void run() {
    while (true) {
      // Registrations from here on wake the thread, so none is missed by the scan below.
      wakeAt = WAKE_ALWAYS;
      boolean recent = touched;
      touched = false;
      long now = System.nanoTime();
      long next = now + PROBE_NANOS;
      boolean any = false;
      for (Expiring e : pending) {
        long deadline = e.deadlineNanos();
        if (deadline - now <= 0) {
          if (pending.remove(e)) {
            Thread.ofVirtual().name("keel-http-response-timeout").start(e::expire);
          }
        } else {
          any = true;
          if (deadline - next < 0) {
            next = deadline;
          }
        }
      }
      if (!any && !recent) {
        LockSupport.park(this);
        continue;
      }
      wakeAt = next;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
      }
    }
  }
}
