package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RateLimiterTest {

  private final ManualClock clock = new ManualClock();

  /** Records every requested sleep and advances the manual clock instead of waiting. */
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private final Sleeper recordingSleeper =
      duration -> {
        sleeps.add(duration);
        Sleeper.advancing(clock).sleep(duration);
      };

  private RateLimiterBuilder tenPerSecond() {
    // capacity 10, one token every 100 ms
    return RateLimiter.builder("api")
        .capacity(10)
        .refill(10, Duration.ofSeconds(1))
        .clock(clock)
        .sleeper(recordingSleeper);
  }

  @Test
  void givenAFullBucketWhenDrainedThenRefusesUntilRefilled() {
    RateLimiter limiter = tenPerSecond().build();

    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire()).as("token %d", i).isTrue();
    }
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(limiter.availablePermits()).isZero();

    clock.advance(Duration.ofMillis(99));
    assertThat(limiter.tryAcquire()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void refillStopsAtCapacity() {
    RateLimiter limiter = tenPerSecond().build();
    assertThat(limiter.tryAcquire(10)).isTrue();

    clock.advance(Duration.ofHours(1));

    assertThat(limiter.availablePermits()).isEqualTo(10);
    assertThat(limiter.tryAcquire(10)).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void partialTokensAccumulateExactlyBetweenCalls() {
    RateLimiter limiter = tenPerSecond().build();
    assertThat(limiter.tryAcquire(10)).isTrue();

    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMillis(25));
    }

    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void aRateThatDoesNotDivideThePeriodRoundsTheIntervalUpToTheNextNanosecond() {
    RateLimiter limiter =
        RateLimiter.builder("thirds")
            .capacity(3)
            .refill(3, Duration.ofSeconds(1))
            .clock(clock)
            .build();
    assertThat(limiter.config().refillInterval()).isEqualTo(Duration.ofNanos(333_333_334));
    assertThat(limiter.tryAcquire(3)).isTrue();

    clock.advance(Duration.ofNanos(333_333_333));
    assertThat(limiter.tryAcquire()).isFalse();
    clock.advance(Duration.ofNanos(1));
    assertThat(limiter.tryAcquire()).isTrue();
  }

  @Test
  void acquireReservesAndSleepsExactlyUntilTheTokensArrive() throws InterruptedException {
    RateLimiter limiter = tenPerSecond().build();
    assertThat(limiter.tryAcquire(10)).isTrue();
    clock.advance(Duration.ofMillis(30));

    assertThat(limiter.acquire(3, Duration.ofMillis(270))).isTrue();

    assertThat(sleeps).containsExactly(Duration.ofMillis(270));
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void acquireRefusesAtOnceWithoutConsumingWhenTokensCannotArriveInTime()
      throws InterruptedException {
    RateLimiter limiter = tenPerSecond().build();
    assertThat(limiter.tryAcquire(10)).isTrue();

    assertThat(limiter.acquire(2, Duration.ofMillis(199))).isFalse();

    assertThat(sleeps).isEmpty();
    clock.advance(Duration.ofMillis(100));
    assertThat(limiter.tryAcquire()).as("the refused request consumed nothing").isTrue();
  }

  @Test
  void reservationsQueueBehindEachOther() throws InterruptedException {
    RateLimiter limiter = tenPerSecond().sleeper(sleeps::add).build();
    assertThat(limiter.tryAcquire(10)).isTrue();

    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isTrue();
    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isTrue();
    assertThat(limiter.estimateWait(1)).isEqualTo(Duration.ofMillis(300));

    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void anInterruptedWaiterGivesItsReservationBack() {
    Sleeper interrupted =
        d -> {
          throw new InterruptedException("test");
        };
    RateLimiter limiter = tenPerSecond().sleeper(interrupted).build();
    assertThat(limiter.tryAcquire(10)).isTrue();

    assertThatThrownBy(() -> limiter.acquire(1, Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class);

    assertThat(limiter.estimateWait(1)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void estimateWaitIsTheRetryAfterHint() {
    RateLimiter limiter = tenPerSecond().build();
    assertThat(limiter.estimateWait(10)).isEqualTo(Duration.ZERO);
    assertThat(limiter.tryAcquire(10)).isTrue();
    clock.advance(Duration.ofMillis(40));

    assertThat(limiter.estimateWait(1)).isEqualTo(Duration.ofMillis(60));
    assertThat(limiter.estimateWait(10)).isEqualTo(Duration.ofMillis(960));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenNoTokenWhenCalledThenRateLimitedExceptionCarriesRetryAfter(Mode mode) throws Exception {
    RateLimiter limiter = tenPerSecond().build();
    assertThat(limiter.tryAcquire(10)).isTrue();
    clock.advance(Duration.ofMillis(75));
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(() -> mode.call(limiter, () -> ran.getAndSet(true)))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(25));
              assertThat(e.retryAfterSeconds()).isEqualTo(1);
              assertThat(e.limiterName()).isEqualTo("api");
              assertThat(e).isInstanceOf(RetryAfterHint.class);
            });
    assertThat(ran).isFalse();

    clock.advance(Duration.ofMillis(25));
    assertThat(mode.call(limiter, () -> "ok")).isEqualTo("ok");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenAMaxWaitWhenCalledThenWaitsForTheTokenAndRuns(Mode mode) throws Exception {
    // The sleeper records but does not move the clock: the first call's reservation stays ahead.
    RateLimiter limiter =
        tenPerSecond().maxWait(Duration.ofMillis(100)).sleeper(sleeps::add).build();
    assertThat(limiter.tryAcquire(10)).isTrue();

    assertThat(mode.call(limiter, () -> "ran")).isEqualTo("ran");

    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
    assertThatThrownBy(() -> mode.call(limiter, () -> "would need 200 ms"))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(200)));
    assertThat(sleeps).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theCallsOwnFailurePassesThroughUnchanged(Mode mode) {
    RateLimiter limiter = tenPerSecond().build();
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                mode.call(
                    limiter,
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);
  }

  @Test
  void asyncCallWaitsOnItsOwnVirtualThreadNotTheCallers() throws Exception {
    CompletableFuture<Void> sleeping = new CompletableFuture<>();
    CompletableFuture<Void> wake = new CompletableFuture<>();
    RateLimiter limiter =
        tenPerSecond()
            .maxWait(Duration.ofSeconds(1))
            .sleeper(
                d -> {
                  sleeping.complete(null);
                  try {
                    wake.get();
                  } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError(e);
                  }
                  clock.advance(d);
                })
            .build();
    assertThat(limiter.tryAcquire(10)).isTrue();
    Thread caller = Thread.currentThread();
    AtomicBoolean ranOnCaller = new AtomicBoolean();

    CompletableFuture<String> stage =
        limiter
            .callAsync(
                () -> {
                  ranOnCaller.set(Thread.currentThread() == caller);
                  return CompletableFuture.completedFuture("done");
                })
            .toCompletableFuture();

    assertThat(stage).isNotDone();
    await().atMost(Duration.ofSeconds(30)).until(sleeping::isDone);
    wake.complete(null);
    assertThat(stage.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(ranOnCaller).isFalse();
  }

  @Test
  void cancellingAWaitingAsyncCallGivesTheReservedTokenBack() {
    RateLimiter limiter =
        tenPerSecond()
            .maxWait(Duration.ofSeconds(1))
            .sleeper(d -> new java.util.concurrent.CountDownLatch(1).await())
            .build();
    assertThat(limiter.tryAcquire(10)).isTrue();
    AtomicBoolean started = new AtomicBoolean();

    CompletableFuture<String> waiting =
        limiter
            .callAsync(
                () -> {
                  started.set(true);
                  return CompletableFuture.completedFuture("late");
                })
            .toCompletableFuture();
    assertThat(limiter.estimateWait(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(waiting.cancel(true)).isTrue();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> limiter.estimateWait(1).equals(Duration.ofMillis(100)));
    assertThat(started).isFalse();
  }

  @Test
  void requestingMoreThanCapacityIsAClearError() {
    RateLimiter limiter = tenPerSecond().build();

    assertThatThrownBy(() -> limiter.tryAcquire(11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permits must be at most the capacity (10)")
        .hasMessageContaining("was 11");
    assertThatThrownBy(() -> limiter.acquire(11, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.estimateWait(0))
        .hasMessageContaining("permits must be > 0, was 0");
    assertThatThrownBy(() -> limiter.acquire(1, Duration.ofMillis(-1)))
        .hasMessageContaining("maxWait must not be negative");
  }

  @Test
  void badConfigurationNamesTheFieldAndTheValue() {
    assertThatThrownBy(() -> RateLimiter.builder("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity must be > 0, was 0");
    assertThatThrownBy(() -> RateLimiter.builder("x").capacity(-5).build())
        .hasMessageContaining("capacity must be > 0, was -5");
    assertThatThrownBy(
            () -> RateLimiter.builder("x").capacity(1).refill(0, Duration.ofSeconds(1)).build())
        .hasMessageContaining("refillTokens must be > 0, was 0");
    assertThatThrownBy(() -> RateLimiter.builder("x").capacity(1).refill(1, Duration.ZERO).build())
        .hasMessageContaining("refillPeriod must be positive, was PT0S");
    assertThatThrownBy(
            () -> RateLimiter.builder("x").capacity(1).refill(5, Duration.ofNanos(4)).build())
        .hasMessageContaining("refillTokens must be at most one per nanosecond");
    assertThatThrownBy(
            () -> RateLimiter.builder("x").capacity(1).maxWait(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("maxWait must not be negative, was PT-1S");
    assertThatThrownBy(() -> RateLimiter.builder(" ").capacity(1).build())
        .hasMessageContaining("name must not be blank");
    assertThatThrownBy(
            () ->
                RateLimiter.builder("x")
                    .capacity(Long.MAX_VALUE)
                    .refill(1, Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("capacity must be at most");
  }

  @Test
  void defaultRefillIsCapacityPerSecondAndPerSecondShortcutMatches() {
    RateLimiterConfig config = RateLimiter.builder("x").capacity(50).buildConfig();
    assertThat(config.refillTokens()).isEqualTo(50);
    assertThat(config.refillPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.maxWait()).isEqualTo(Duration.ZERO);
    assertThat(RateLimiter.perSecond("y", 50).config().refillInterval())
        .isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void listenersSeeGrantsAndRefusalsAndAThrowingListenerBreaksNothing() throws Exception {
    RateLimiter limiter = tenPerSecond().build();
    List<RateLimiterEvent> events = new ArrayList<>();
    limiter.onEvent(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    limiter.onEvent(events::add);

    assertThat(limiter.tryAcquire(10)).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThatThrownBy(() -> limiter.call(() -> "x")).isInstanceOf(RateLimitedException.class);

    assertThat(events)
        .containsExactly(
            new RateLimiterEvent.Acquired("api", 10, Duration.ZERO),
            new RateLimiterEvent.Rejected("api", 1, Duration.ofMillis(100)),
            new RateLimiterEvent.Rejected("api", 1, Duration.ofMillis(100)));
  }

  @Test
  void tryAcquireAllocatesNothing() {
    RateLimiter limiter =
        RateLimiter.builder("hot")
            .capacity(1)
            .refill(1, Duration.ofNanos(1000))
            .clock(clock)
            .build();
    Duration interval = Duration.ofNanos(1000);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    AtomicInteger granted = new AtomicInteger();
    int rounds = 200_000;
    for (int i = 0; i < rounds; i++) { // warm up
      clock.advance(interval);
      if (limiter.tryAcquire(1)) {
        granted.incrementAndGet();
      }
      limiter.tryAcquire(1);
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    int grantedNow = 0;
    for (int i = 0; i < rounds; i++) {
      clock.advance(interval);
      if (limiter.tryAcquire(1)) {
        grantedNow++;
      }
      if (limiter.tryAcquire(1)) {
        grantedNow++;
      }
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(grantedNow).isEqualTo(rounds);
    assertThat(granted.get()).isEqualTo(rounds);
    // 400,000 calls: a single allocation per call would be at least 6.4 MB.
    assertThat(allocated).isLessThan(64 * 1024);
  }
}
