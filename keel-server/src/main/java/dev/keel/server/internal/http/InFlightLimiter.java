package dev.keel.server.internal.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the requests served at once: past the bound a request is shed (answered 503) instead of
 * queued without limit. Also drains: after {@link #drain(Duration)} starts, every new request is
 * shed and the call returns once the in-flight ones have finished (or the grace ran out).
 *
 * <p>Thread-safe, lock-free on the request path (a non-blocking {@link Semaphore#tryAcquire()}).
 */
public final class InFlightLimiter {

  private final int max;

  /** Permits not held by an in-flight request. */
  private final Semaphore permits;

  /** Set once by {@link #drain}; never cleared. */
  private volatile boolean draining;

  /** Allows {@code max} requests at once. */
  public InFlightLimiter(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, got " + max);
    }
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /** Takes a slot; false when full or draining (the caller sheds the request). */
  public boolean tryAcquire() {
    if (draining) {
      return false;
    }
    return permits.tryAcquire();
  }

  /** Returns a slot taken by {@link #tryAcquire()}. */
  public void release() {
    permits.release();
  }

  /** Requests being served now. */
  public int inFlight() {
    return max - permits.availablePermits();
  }

  /** The bound. */
  public int max() {
    return max;
  }

  /** Whether a drain has started. */
  public boolean draining() {
    return draining;
  }

  /**
   * Sheds every new request from now on and waits until the in-flight ones finish.
   *
   * @return true when all finished within {@code grace}
   */
  public boolean drain(Duration grace) {
    startDraining();
    return awaitIdle(grace);
  }

  /** Sheds every new request from now on. */
  public void startDraining() {
    draining = true;
  }

  /**
   * Waits until no request is in flight.
   *
   * @return true when that happened within {@code grace}
   */
  public boolean awaitIdle(Duration grace) {
    try {
      boolean all = permits.tryAcquire(max, grace.toMillis(), TimeUnit.MILLISECONDS);
      if (all) {
        permits.release(max);
      }
      return all;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
