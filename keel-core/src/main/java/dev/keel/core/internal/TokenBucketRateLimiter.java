package dev.keel.core.internal;

import dev.keel.core.KeelClock;
import dev.keel.core.RateLimitedException;
import dev.keel.core.RateLimiter;
import dev.keel.core.RateLimiterConfig;
import dev.keel.core.RateLimiterEvent;
import dev.keel.core.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The token bucket behind {@link RateLimiter}.
 *
 * <p>Design note: the whole state is one {@code long}, {@link #fullAt}, the clock reading at which
 * the bucket would be full again (the "theoretical arrival time" of the generic cell rate
 * algorithm). With {@code span = capacity × interval}, the bucket holds {@code (span - max(0,
 * fullAt - now)) / interval} tokens; taking {@code n} tokens moves {@code fullAt} to {@code
 * max(fullAt, now) + n × interval}, allowed while that stays within {@code now + span} (plus the
 * caller's {@code maxWait} when it may wait: a reservation of tokens still to come). Refill needs
 * no timer and no write; a grant is one compare-and-set. Nothing on the {@link #tryAcquire(int)}
 * path allocates.
 *
 * <p>All comparisons are on differences of clock readings, so any {@code nanoTime} origin works.
 */
public final class TokenBucketRateLimiter implements RateLimiter {

  /** Waits are capped at 2^61 ns (~73 years) so that no reservation arithmetic overflows. */
  private static final long MAX_WAIT_NANOS = 1L << 61;

  private final RateLimiterConfig config;
  private final String name;
  private final KeelClock clock;
  private final Sleeper sleeper;
  private final long capacity;

  /** Nanoseconds one token takes to refill; at least 1. */
  private final long interval;

  /** {@code capacity × interval}: refill time of an empty bucket; at most 2^61. */
  private final long span;

  /** The configured maxWait of call/callAsync in nanoseconds, saturated at 2^61. */
  private final long callMaxWait;

  /**
   * The clock reading at which the bucket is full; at or before now means full. Beyond {@code now +
   * span} only while waiting callers hold reservations.
   */
  private final AtomicLong fullAt;

  private final Listeners<RateLimiterEvent> listeners;

  private final LongAdder acquired = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder waited = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();

  public TokenBucketRateLimiter(RateLimiterConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.clock = config.clock();
    this.sleeper = config.sleeper();
    this.capacity = config.capacity();
    this.interval = config.refillInterval().toNanos();
    this.span = capacity * interval;
    this.callMaxWait = Checks.nanos(config.maxWait(), MAX_WAIT_NANOS);
    this.fullAt = new AtomicLong(clock.nanoTime());
    this.listeners = new Listeners<>("RateLimiter '" + name + "'");
  }

  @Override
  public RateLimiterConfig config() {
    return config;
  }

  @Override
  public Metrics metrics() {
    return new Metrics(acquired.sum(), rejected.sum(), waited.sum(), waitNanos.sum());
  }

  @Override
  public boolean tryAcquire(int permits) {
    long wait = reserve(cost(permits), 0);
    outcome(permits, wait);
    return wait >= 0;
  }

  @Override
  public boolean acquire(int permits, Duration maxWait) throws InterruptedException {
    Checks.notNegative("maxWait", maxWait);
    long cost = cost(permits);
    long wait = reserve(cost, Checks.nanos(maxWait, MAX_WAIT_NANOS));
    if (wait > 0) {
      sleepOrRefund(wait, cost);
    }
    outcome(permits, wait);
    return wait >= 0;
  }

  @Override
  public Duration estimateWait(int permits) {
    long cost = cost(permits);
    long full = fullAt.get();
    long now = clock.nanoTime();
    long base = full - now > 0 ? full : now;
    return Duration.ofNanos(Math.max(0, base + cost - now - span));
  }

  @Override
  public long availablePermits() {
    long deficit = Math.max(0, fullAt.get() - clock.nanoTime());
    return deficit >= span ? 0 : (span - deficit) / interval;
  }

  @Override
  public <T> T call(Callable<T> call) throws Exception {
    long wait = reserve(interval, callMaxWait);
    outcome(1, wait);
    if (wait < 0) {
      throw new RateLimitedException(name, Duration.ofNanos(-wait));
    }
    if (wait > 0) {
      sleepOrRefund(wait, interval);
    }
    return call.call();
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    long wait = reserve(interval, callMaxWait);
    outcome(1, wait);
    if (wait < 0) {
      return CompletableFuture.failedFuture(
          new RateLimitedException(name, Duration.ofNanos(-wait)));
    }
    if (wait == 0) {
      return Futures.start(stage);
    }
    // The caller must not block: wait for the reserved token on a virtual thread of our own.
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread waiter =
        Thread.ofVirtual()
            .name("keel-ratelimiter-" + name)
            .unstarted(
                () -> {
                  try {
                    sleepOrRefund(wait, interval);
                  } catch (InterruptedException e) {
                    result.completeExceptionally(e);
                    return;
                  }
                  if (result.isDone()) { // cancelled by the caller; the token is not needed
                    fullAt.addAndGet(-interval);
                    return;
                  }
                  Futures.relay(Futures.start(stage), result);
                });
    Futures.interruptOnCancel(result, waiter);
    waiter.start();
    return result;
  }

  @Override
  public RateLimiter onEvent(Consumer<? super RateLimiterEvent> listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Takes {@code cost} nanoseconds of refill from the bucket if the tokens are there within {@code
   * maxWait}.
   *
   * @return the wait (zero or positive) until the reserved tokens have arrived, or, when refused,
   *     the negated wait that would have been needed (at least 1, so the result is negative)
   */
  private long reserve(long cost, long maxWait) {
    while (true) {
      long full = fullAt.get();
      long now = clock.nanoTime();
      long next = (full - now > 0 ? full : now) + cost;
      long wait = next - now - span;
      if (wait > maxWait) {
        return -wait;
      }
      if (fullAt.compareAndSet(full, next)) {
        return Math.max(0, wait);
      }
    }
  }

  private void sleepOrRefund(long wait, long cost) throws InterruptedException {
    try {
      sleeper.sleep(Duration.ofNanos(wait));
    } catch (InterruptedException e) {
      // Give the reservation back; a bucket that refilled meanwhile is clamped by max(fullAt, now).
      fullAt.addAndGet(-cost);
      throw e;
    }
  }

  private long cost(int permits) {
    if (permits <= 0) {
      throw new IllegalArgumentException("permits must be > 0, was " + permits);
    }
    if (permits > capacity) {
      throw new IllegalArgumentException(
          "permits must be at most the capacity ("
              + capacity
              + ") of rate limiter '"
              + name
              + "', was "
              + permits
              + "; such a request could never be granted: raise capacity or split the request");
    }
    return permits * interval;
  }

  /** Counts a grant ({@code wait >= 0}) or a refusal and tells the listeners, if any. */
  private void outcome(int permits, long wait) {
    if (wait < 0) {
      rejected.increment();
    } else {
      acquired.increment();
      if (wait > 0) {
        waited.increment();
        waitNanos.add(wait);
      }
    }
    if (!listeners.isEmpty()) {
      emit(permits, wait);
    }
  }

  private void emit(int permits, long wait) {
    listeners.emit(
        wait >= 0
            ? new RateLimiterEvent.Acquired(name, permits, Duration.ofNanos(wait))
            : new RateLimiterEvent.Rejected(name, permits, Duration.ofNanos(-wait)));
  }

  @Override
  public String toString() {
    return "RateLimiter[" + name + ", capacity=" + capacity + ", interval=" + interval + "ns]";
  }
}
