package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

/**
 * A limiter fast enough to serve single tokens from per-thread stashes (capacity 20,000, one token
 * per microsecond): it never grants more than the exact token bucket allows, loses no token when
 * the clock stands still, and deviates from the exact bucket by at most one chunk (at most 100
 * tokens at this rate) after idle time.
 */
class RateLimiterStashTest {

  private static final long CAPACITY = 20_000;
  private static final long INTERVAL = 1_000; // ns per token

  /** The largest possible chunk at this rate: 100 µs of refill. */
  private static final long MAX_CHUNK = 100;

  private static ExecutorService[] threads;

  @BeforeContainer
  static void startThreads() {
    threads = new ExecutorService[3];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = Executors.newSingleThreadExecutor();
    }
  }

  @AfterContainer
  static void stopThreads() throws InterruptedException {
    for (ExecutorService t : threads) {
      t.shutdown();
      assertThat(t.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static RateLimiter limiter(ManualClock clock) {
    return RateLimiter.builder("fast")
        .capacity(CAPACITY)
        .refill(CAPACITY, Duration.ofNanos(CAPACITY * INTERVAL))
        .clock(clock)
        .build();
  }

  private static long drain(RateLimiter limiter) {
    long granted = 0;
    while (limiter.tryAcquire()) {
      granted++;
    }
    return granted;
  }

  @Test
  void givenAStandingClockWhenDrainedThenExactlyTheCapacityAndThenExactlyTheRefill() {
    ManualClock clock = new ManualClock();
    RateLimiter limiter = limiter(clock);
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.availablePermits()).isEqualTo(CAPACITY - 1);
    assertThat(limiter.estimateWait(1)).isZero();
    assertThat(drain(limiter)).isEqualTo(CAPACITY - 1);
    assertThat(limiter.availablePermits()).isZero();
    assertThat(limiter.estimateWait(1)).isEqualTo(Duration.ofNanos(INTERVAL));
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.availablePermits()).isEqualTo(1_000);
    assertThat(drain(limiter)).isEqualTo(1_000);
    assertThat(limiter.metrics().acquired()).isEqualTo(CAPACITY + 1_000);
  }

  @Test
  void givenAPartlyUsedStashWhenIdleThenABurstIsAtMostOneChunkShortOfTheCapacity() {
    ManualClock clock = new ManualClock();
    RateLimiter limiter = limiter(clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
    clock.advance(Duration.ofSeconds(1)); // the exact bucket is full again
    long burst = drain(limiter);
    assertThat(burst).isBetween(CAPACITY - MAX_CHUNK, CAPACITY);
    // once settled, the bucket is exact again within one chunk of refill time
    clock.advance(Duration.ofNanos(CAPACITY * INTERVAL + MAX_CHUNK * INTERVAL));
    assertThat(limiter.availablePermits()).isEqualTo(CAPACITY);
    assertThat(drain(limiter)).isEqualTo(CAPACITY);
  }

  @Test
  void givenThreadsSharingTheLimiterWhenTheClockStandsStillThenGrantsEqualTheCapacity()
      throws Exception {
    ManualClock clock = new ManualClock();
    RateLimiter limiter = limiter(clock);
    AtomicLong granted = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    // Each worker stops after its first refusal; the limiter then must be empty.
                    long mine = 0;
                    while (limiter.tryAcquire()) {
                      mine++;
                    }
                    granted.addAndGet(mine);
                  }));
    }
    for (Thread worker : workers) {
      worker.join(Duration.ofSeconds(30));
      assertThat(worker.isAlive()).isFalse();
    }
    assertThat(granted.get()).isEqualTo(CAPACITY);
    assertThat(limiter.availablePermits()).isZero();
  }

  /** One step: which of three threads calls, and what it does. */
  record Op(int thread, int kind, long amount) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        Arbitraries.integers()
            .between(0, 2)
            .flatMap(
                thread ->
                    Arbitraries.integers()
                        .between(0, 4)
                        .flatMap(
                            kind ->
                                Arbitraries.longs()
                                    .between(1, 25_000)
                                    .map(amount -> new Op(thread, kind, amount))));
    return op.list().ofMinSize(1).ofMaxSize(40);
  }

  /**
   * Whatever the mix of threads, single and multi-token requests and clock steps, the grants within
   * any stretch of time never exceed what a token bucket allows: the capacity plus the refill of
   * that stretch.
   */
  @Property(tries = 150)
  void grantsNeverExceedCapacityPlusRefill(@ForAll("ops") List<Op> ops) throws Exception {
    ManualClock clock = new ManualClock();
    RateLimiter limiter = limiter(clock);
    long start = clock.nanoTime();
    List<long[]> grants = new ArrayList<>(); // {time, tokens}
    for (Op op : ops) {
      long now = clock.nanoTime() - start;
      switch (op.kind()) {
        case 0, 1 -> {
          long tokens = threads[op.thread()].submit(() -> drainUpTo(limiter, op.amount())).get();
          grants.add(new long[] {now, tokens});
        }
        case 2 -> {
          int n = (int) (1 + op.amount() % 5_000);
          boolean ok = threads[op.thread()].submit(() -> limiter.tryAcquire(n)).get();
          grants.add(new long[] {now, ok ? n : 0});
        }
        case 3 -> clock.advance(Duration.ofNanos(op.amount() * 500));
        default ->
            assertThat(threads[op.thread()].submit(limiter::availablePermits).get())
                .isBetween(0L, CAPACITY);
      }
    }
    for (int i = 0; i < grants.size(); i++) {
      long total = 0;
      for (int j = i; j < grants.size(); j++) {
        total += grants.get(j)[1];
        long stretch = grants.get(j)[0] - grants.get(i)[0];
        assertThat(total).isLessThanOrEqualTo(CAPACITY + stretch / INTERVAL);
      }
    }
  }

  private static long drainUpTo(RateLimiter limiter, long max) {
    long granted = 0;
    while (granted < max && limiter.tryAcquire()) {
      granted++;
    }
    return granted;
  }
}
