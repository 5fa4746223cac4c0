package dev.keel.http.internal;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The body handler of one attempt: reads the response body into a byte array, and ends it with an
 * {@link HttpTimeoutException} if the attempt's deadline passes first. The JDK's own request
 * timeout covers the attempt until the response head arrives; from then on a body that is not
 * complete at once is watched by {@link ResponseDeadlines}. On expiry the subscription is
 * cancelled, which makes the JDK close the connection (its unread rest cannot be reused), and the
 * body fails, which fails the exchange.
 *
 * <p>One per attempt. Thread-safe as {@link Flow} requires: the signals arrive one at a time, the
 * expiry may race them from another thread.
 */
final class BodyCollector
    implements HttpResponse.BodyHandler<byte[]>,
        HttpResponse.BodySubscriber<byte[]>,
        ResponseDeadlines.Expiring {

  private static final byte[] EMPTY = new byte[0];

  private final long deadlineNanos;
  private final ResponseDeadlines deadlines;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();

  /** Cheaper than an identity hash, which the watcher's set would otherwise make the VM compute. */
  private final int hash = ThreadLocalRandom.current().nextInt();

  private volatile Flow.Subscription subscription;

  /** Whether {@link #apply} handed this collector out already. */
  private boolean applied;

  /** Buffers received so far; touched by the (serial) signals only. */
  private ByteBuffer first;

  private List<ByteBuffer> more;

  /**
   * A collector whose attempt must be done by {@code deadlineNanos}, a {@link System#nanoTime()}
   * reading.
   */
  BodyCollector(long deadlineNanos, ResponseDeadlines deadlines) {
    this.deadlineNanos = deadlineNanos;
    this.deadlines = deadlines;
  }

  /**
   * The subscriber of the response body; the response head has arrived, so from now on the deadline
   * is watched here.
   */
  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
    if (applied) {
      // Not expected (the JDK asks once per exchange), but a second body gets its own collector.
      return new BodyCollector(deadlineNanos, deadlines).apply(info);
    }
    applied = true;
    return this;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    // Ordered after publishing the subscription: an expiry either sees it or is seen here.
    if (body.isDone()) {
      s.cancel();
      return;
    }
    s.request(Long.MAX_VALUE);
    // A small body has often arrived with the head and is complete by now: nothing to watch.
    // Otherwise the deadline is watched from here on; a completion racing the registration
    // removes it (completions remove after completing, the second check catches the rest).
    if (!body.isDone()) {
      deadlines.add(this);
      if (body.isDone()) {
        deadlines.remove(this);
      }
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      if (!b.hasRemaining()) {
        continue;
      }
      if (first == null) {
        first = b;
      } else {
        if (more == null) {
          more = new ArrayList<>();
        }
        more.add(b);
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
    deadlines.remove(this);
  }

  @Override
  public void onComplete() {
    body.complete(bytes());
    deadlines.remove(this);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** The deadline passed before the body was complete: fail it and drop the connection. */
  @Override
  public void expire() {
    if (body.completeExceptionally(new HttpTimeoutException("response body timed out"))) {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }

  /** Stops watching the deadline of an attempt that ended without reaching its body's end. */
  void abandon() {
    deadlines.remove(this);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  private byte[] bytes() {
    if (first == null) {
      return EMPTY;
    }
    int size = first.remaining();
    if (more != null) {
      for (ByteBuffer b : more) {
        size += b.remaining();
      }
    }
    byte[] out = new byte[size];
    int at = copy(first, out, 0);
    if (more != null) {
      for (ByteBuffer b : more) {
        at = copy(b, out, at);
      }
    }
    return out;
  }

  private static int copy(ByteBuffer from, byte[] to, int at) {
    int n = from.remaining();
    from.get(to, at, n);
    return at + n;
  }
}
