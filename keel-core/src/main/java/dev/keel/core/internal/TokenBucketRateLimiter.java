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
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p><b>Stash (high-rate limiters only).</b> A clock read costs about as much as everything else on
 * the grant path, and one shared compare-and-set bounces a cache line between cores. When a limiter
 * is fast enough for that to matter (a chunk of at least 8 tokens fits in 100,000 ns of refill and
 * in 1/64 of the capacity spread over all cells), single tokens are served from a small
 * per-thread-stripe stash: {@code stash} holds, per cell (threads are spread over cells by thread
 * id, cells are 128 bytes apart), the tokens not yet handed out of the chunk the cell last
 * received. A grant from the stash is one atomic decrement of the caller's cell: no clock, no
 * shared write. An empty cell sends the caller to the slow path, which (under {@link #lock})
 * settles the cell and gives it a new chunk.
 *
 * <p>Accounting stays conservative: the limiter never grants more than the exact bucket above
 * would. A chunk is not debited from {@link #fullAt} when handed out; it is <em>reserved</em>
 * ({@link #reserved}, which every other grant must leave in the bucket). When a cell is settled its
 * used tokens are debited as if all were taken at the settling clock reading, the latest moment
 * they can have been taken, which with the {@code max(fullAt, now)} rule is never more permissive
 * than debiting each at its real time; unused ones simply stop being reserved. The price is that a
 * partly used chunk can make the bucket look up to one chunk emptier than the exact one until its
 * cell is settled, and that a settle can delay the bucket's next full moment by up to 100,000 ns. A
 * grant the reservations would refuse first settles every cell, so unused stashed tokens never make
 * a caller wait or fail. Limiters below the threshold (every limiter of fewer than about {@code 64
 * × cells × 8} tokens or slower than one token per 12.5 µs) have no stash and behave exactly as
 * above.
 */
public final class TokenBucketRateLimiter implements RateLimiter, Chain.Layer {

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

  /** A chunk is at most this much refill time. */
  private static final long CHUNK_REFILL_NANOS = 100_000;

  /** Smaller chunks would not pay for the slow path; the limiter then has no stash. */
  private static final long MIN_CHUNK = 8;

  private static final long MAX_CHUNK = 4096;

  /** Longs between two cells of {@link #stash}: 128 bytes, so cells share no cache line. */
  private static final int STRIDE = 16;

  /** Tokens per chunk; 0 when the limiter has no stash (exact mode). */
  private final long chunk;

  private final int cellMask;

  /**
   * Per cell, at index {@code cell × STRIDE}: tokens of its chunk not yet handed out (≤ 0: none).
   */
  private final AtomicLongArray stash;

  /** Per cell: the size of the chunk it holds (0: none). Guarded by {@link #lock}. */
  private final long[] granted;

  /** Sum of {@link #granted}: tokens set aside for cells, not debited from {@link #fullAt}. */
  private volatile long reserved;

  /** Serialises the slow path of a limiter with a stash (it changes several fields at once). */
  private final ReentrantLock lock = new ReentrantLock();

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
    int cells = Math.max(4, Integer.highestOneBit(2 * Runtime.getRuntime().availableProcessors()));
    long fitting =
        Math.min(MAX_CHUNK, Math.min(capacity / (64L * cells), CHUNK_REFILL_NANOS / interval));
    this.chunk = fitting >= MIN_CHUNK ? fitting : 0;
    this.cellMask = cells - 1;
    this.stash = chunk == 0 ? null : new AtomicLongArray(cells * STRIDE);
    this.granted = chunk == 0 ? null : new long[cells];
    this.listeners = new Listeners<>("RateLimiter '" + name + "'");
  }

  @Override
  public RateLimiterConfig config() {
    return config;
  }

  @Override
  public Metrics metrics() {
    long handedOut = 0;
    if (chunk != 0) {
      lock.lock();
      try {
        handedOut = handedOut();
      } finally {
        lock.unlock();
      }
    }
    return new Metrics(acquired.sum() + handedOut, rejected.sum(), waited.sum(), waitNanos.sum());
  }

  @Override
  public boolean tryAcquire(int permits) {
    if (permits == 1 && fromStash()) {
      return true;
    }
    long wait = take(permits, 0);
    outcome(permits, wait);
    return wait >= 0;
  }

  @Override
  public boolean acquire(int permits, Duration maxWait) throws InterruptedException {
    Checks.notNegative("maxWait", maxWait);
    if (permits == 1 && fromStash()) {
      return true;
    }
    long wait = take(permits, Checks.nanos(maxWait, MAX_WAIT_NANOS));
    if (wait > 0) {
      sleepOrRefund(wait, cost(permits));
    }
    outcome(permits, wait);
    return wait >= 0;
  }

  @Override
  public Duration estimateWait(int permits) {
    long cost = cost(permits);
    return Duration.ofNanos(Math.max(0, deficit() + cost - span));
  }

  @Override
  public long availablePermits() {
    long deficit = deficit();
    return deficit >= span ? 0 : (span - deficit) / interval;
  }

  /** Tokens handed out of stashed chunks, not yet settled. Called with {@link #lock} held. */
  private long handedOut() {
    long unused = 0;
    for (int cell = 0; cell <= cellMask; cell++) {
      unused += Math.max(0, stash.get(cell * STRIDE));
    }
    return Math.max(0, reserved - unused);
  }

  /**
   * Nanoseconds of refill missing from a full bucket now, counting tokens handed out of stashed
   * chunks but not yet debited.
   */
  private long deficit() {
    if (chunk == 0) {
      return Math.max(0, fullAt.get() - clock.nanoTime());
    }
    lock.lock();
    try {
      long used = handedOut();
      return Math.max(0, fullAt.get() - clock.nanoTime()) + used * interval;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T call(Callable<T> call) throws Exception {
    return callThrough(Chain.DIRECT, 0, call);
  }

  @Override
  public <T> T callThrough(Chain rest, int index, Callable<T> call) throws Exception {
    if (fromStash()) {
      return rest.proceed(index, call);
    }
    long wait = take(1, callMaxWait);
    outcome(1, wait);
    if (wait < 0) {
      throw new RateLimitedException(name, Duration.ofNanos(-wait));
    }
    if (wait > 0) {
      sleepOrRefund(wait, interval);
    }
    return rest.proceed(index, call);
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    if (fromStash()) {
      return Futures.start(stage);
    }
    long wait = take(1, callMaxWait);
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
   * Takes one token from the caller's stash cell, if the limiter has a stash and the cell holds a
   * token. Such grants are counted in the metrics when their cell is settled ({@link #metrics} adds
   * the unsettled ones), so the grant itself is one atomic decrement.
   */
  private boolean fromStash() {
    if (chunk == 0 || stash.getAndDecrement(slot()) <= 0) {
      return false;
    }
    if (!listeners.isEmpty()) {
      emit(1, 0);
    }
    return true;
  }

  /**
   * Takes {@code permits} tokens from the bucket (the caller has tried the stash).
   *
   * @return as {@link #reserve}
   */
  private long take(int permits, long maxWait) {
    long cost = cost(permits);
    return chunk == 0 ? reserve(cost, maxWait) : reserveLocked(cost, maxWait, permits == 1);
  }

  /** The caller's cell's index in {@link #stash}; consecutive thread ids get distinct cells. */
  private int slot() {
    return ((int) Thread.currentThread().threadId() & cellMask) * STRIDE;
  }

  /**
   * The slow path of a limiter with a stash: {@link #reserve} that leaves {@link #reserved} tokens
   * in the bucket; for a single token it first settles the caller's cell and, when the bucket has
   * room for two more chunks, gives the cell a new one.
   */
  private long reserveLocked(long cost, long maxWait, boolean single) {
    lock.lock();
    try {
      int slot = single ? slot() : -1;
      long now = clock.nanoTime();
      if (single) {
        settle(slot, now);
      }
      while (true) {
        long full = fullAt.get();
        long next = (full - now > 0 ? full : now) + cost;
        long wait = next - now - span + reserved * interval;
        if (wait > maxWait) {
          if (reserved > 0) {
            for (int cell = 0; cell <= cellMask; cell++) {
              settle(cell * STRIDE, now);
            }
            continue;
          }
          return -wait;
        }
        if (!fullAt.compareAndSet(full, next)) {
          continue; // a concurrent refund
        }
        if (single && wait <= -2 * chunk * interval) {
          granted[slot / STRIDE] = chunk;
          reserved += chunk;
          stash.set(slot, chunk);
        }
        return Math.max(0, wait);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes back the chunk of the cell at {@code slot}: the tokens handed out of it are debited as
   * taken at {@code now}, the rest stop being reserved. Called with {@link #lock} held.
   */
  private void settle(int slot, long now) {
    long unused = Math.max(0, stash.getAndSet(slot, 0));
    long chunkSize = granted[slot / STRIDE];
    if (chunkSize == 0) {
      return;
    }
    granted[slot / STRIDE] = 0;
    reserved -= chunkSize;
    acquired.add(chunkSize - unused);
    long debit = (chunkSize - unused) * interval;
    if (debit > 0) {
      long full;
      do {
        full = fullAt.get();
      } while (!fullAt.compareAndSet(full, (full - now > 0 ? full : now) + debit));
    }
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
