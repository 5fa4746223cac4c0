package dev.keel.http.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounds the body phase of one attempt by the attempt's deadline. The JDK's request timeout covers
 * the attempt until the response head arrives and then stops; a body that dribbles in would hold
 * the caller as long as it likes. This is the attempt's body handler: when the head arrives it
 * starts watching the deadline ({@link ResponseDeadlines}) and hands the JDK its own byte-array
 * subscriber, which the JDK completes inline (a subscriber of ours would make the JDK hand every
 * body to another thread).
 *
 * <p>On expiry, a blocking attempt's waiting thread is interrupted, which makes the JDK abort the
 * exchange (closing its connection) and throw; {@link #finish()} then clears that interrupt, so the
 * caller sees a timeout, not an interruption. (An interrupt the caller's own code sends at the same
 * instant is taken for it.) An async attempt's expiry settles the attempt as timed out and cancels
 * the exchange.
 *
 * <p>One per attempt. Thread-safe: the expiry races the attempt's end, and exactly one of them wins
 * ({@link #finish()} tells which).
 */
final class AttemptWatch implements HttpResponse.BodyHandler<byte[]>, ResponseDeadlines.Expiring {

  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int EXPIRING = 2;
  private static final int EXPIRED = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(AttemptWatch.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long deadlineNanos;
  private final ResponseDeadlines deadlines;

  /** Blocking: the thread waiting for the response; null for an async attempt. */
  private final Thread waiter;

  /** Async: settles the attempt as timed out; null for a blocking attempt. */
  private final Runnable onExpiry;

  /** Async: the exchange, to cancel on expiry; null until attached. */
  private volatile CompletableFuture<?> exchange;

  private volatile int state;

  /** Cheaper than an identity hash, which the watcher's set would otherwise make the VM compute. */
  private final int hash = ThreadLocalRandom.current().nextInt();

  private AttemptWatch(
      long deadlineNanos, ResponseDeadlines deadlines, Thread waiter, Runnable onExpiry) {
    this.deadlineNanos = deadlineNanos;
    this.deadlines = deadlines;
    this.waiter = waiter;
    this.onExpiry = onExpiry;
  }

  /**
   * The watch of an attempt the calling thread sends and waits for.
   *
   * @param deadlineNanos a {@link System#nanoTime()} reading
   */
  static AttemptWatch blocking(long deadlineNanos, ResponseDeadlines deadlines) {
    return new AttemptWatch(deadlineNanos, deadlines, Thread.currentThread(), null);
  }

  /**
   * The watch of an async attempt; {@code onExpiry} settles it as timed out (on a thread of the
   * watcher's), then the exchange {@linkplain #attach attached} is cancelled.
   */
  static AttemptWatch async(long deadlineNanos, ResponseDeadlines deadlines, Runnable onExpiry) {
    return new AttemptWatch(deadlineNanos, deadlines, null, onExpiry);
  }

  /** The response head has arrived: watch the deadline while the JDK reads the body. */
  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
    if (state == RUNNING) {
      deadlines.add(this);
      if (state != RUNNING) {
        // Finished meanwhile (an async caller cancelled): its removal may have come first.
        deadlines.remove(this);
      }
    }
    return HttpResponse.BodySubscribers.ofByteArray();
  }

  /** Async: the exchange to cancel on expiry (at once if it expired already). */
  void attach(CompletableFuture<?> sent) {
    exchange = sent;
    if (state >= EXPIRING) {
      sent.cancel(true);
    }
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  public void expire() {
    if (!STATE.compareAndSet(this, RUNNING, EXPIRING)) {
      return;
    }
    if (waiter != null) {
      waiter.interrupt();
      state = EXPIRED;
      return;
    }
    state = EXPIRED;
    try {
      onExpiry.run();
    } finally {
      CompletableFuture<?> sent = exchange;
      if (sent != null) {
        sent.cancel(true);
      }
    }
  }

  /**
   * Ends the watch when the attempt ended (or, async, was cancelled by its caller).
   *
   * @return true if the attempt ended before its deadline; false if it expired, in which case a
   *     blocking attempt's interrupt has been cleared and an async attempt has been settled, or if
   *     it was finished already
   */
  boolean finish() {
    deadlines.remove(this);
    int was = (int) STATE.compareAndExchange(this, RUNNING, DONE);
    if (was == RUNNING) {
      return true;
    }
    if (was != DONE && waiter != null) {
      // The expiry is between its claim and its interrupt: a few instructions, unless descheduled.
      while (state != EXPIRED) {
        Thread.yield();
      }
      Thread.interrupted();
    }
    return false;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }
}
