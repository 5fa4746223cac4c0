package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The token bucket against a reference model that counts tokens directly (in units of 1/interval of
 * a token, so the model is exact in integers), where the limiter tracks only the time at which it
 * would be full. The documented rounding: one token per ⌈period / tokens⌉ nanoseconds.
 */
class RateLimiterPropertyTest {

  sealed interface Op {}

  /** tryAcquire(n); n is reduced into [1, capacity]. */
  record Take(int n) implements Op {}

  /** Advance the clock by quarters of an interval plus a few nanoseconds. */
  record Advance(int quarters, int extraNanos) implements Op {}

  /** acquire(n, maxWait) with maxWait in quarters of an interval. */
  record TakeWaiting(int n, int maxWaitQuarters) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> take = Arbitraries.integers().between(1, 60).map(Take::new);
    Arbitrary<Op> advance =
        Combinators.combine(
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 3))
            .as(Advance::new);
    Arbitrary<Op> takeWaiting =
        Combinators.combine(
                Arbitraries.integers().between(1, 60), Arbitraries.integers().between(0, 80))
            .as(TakeWaiting::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, take),
            net.jqwik.api.Tuple.of(3, advance),
            net.jqwik.api.Tuple.of(2, takeWaiting))
        .list()
        .ofMaxSize(80);
  }

  @Property(tries = 400)
  void bucketMatchesTheReferenceModel(
      @ForAll @LongRange(min = 1, max = 40) long capacity,
      @ForAll @LongRange(min = 1, max = 1_000) long refillTokens,
      @ForAll @LongRange(min = 1, max = 10_000_000_000L) long periodNanos,
      @ForAll("ops") List<Op> ops)
      throws InterruptedException {
    Assume.that(refillTokens <= periodNanos);
    ManualClock clock = new ManualClock();
    List<Duration> sleeps = new ArrayList<>();
    RateLimiter limiter =
        RateLimiter.builder("model")
            .capacity(capacity)
            .refill(refillTokens, Duration.ofNanos(periodNanos))
            .clock(clock)
            .sleeper(
                d -> {
                  sleeps.add(d);
                  clock.advance(d);
                })
            .build();
    long interval = (periodNanos + refillTokens - 1) / refillTokens;
    assertThat(limiter.config().refillInterval().toNanos()).isEqualTo(interval);
    long span = capacity * interval;
    long scaled = span; // the model: tokens × interval, starts full

    for (Op op : ops) {
      switch (op) {
        case Advance a -> {
          long nanos = interval * a.quarters() / 4 + a.extraNanos();
          clock.advance(Duration.ofNanos(nanos));
          scaled = Math.min(span, scaled + nanos);
        }
        case Take t -> {
          int n = (int) (1 + (t.n() - 1) % capacity);
          boolean expected = scaled >= n * interval;
          assertThat(limiter.tryAcquire(n)).as("%s with %s", op, scaled).isEqualTo(expected);
          if (expected) {
            scaled -= n * interval;
          }
        }
        case TakeWaiting w -> {
          int n = (int) (1 + (w.n() - 1) % capacity);
          long maxWait = interval * w.maxWaitQuarters() / 4;
          long need = Math.max(0, n * interval - scaled);
          boolean expected = need <= maxWait;
          sleeps.clear();
          assertThat(limiter.acquire(n, Duration.ofNanos(maxWait)))
              .as("%s with %s", op, scaled)
              .isEqualTo(expected);
          if (expected) {
            assertThat(sleeps)
                .as("waits exactly until the tokens are there")
                .isEqualTo(need == 0 ? List.of() : List.of(Duration.ofNanos(need)));
            scaled = Math.min(span, scaled + need) - n * interval;
          } else {
            assertThat(sleeps).as("a refusal waits for nothing").isEmpty();
          }
        }
      }
      assertThat(scaled).isBetween(0L, span);
      assertThat(limiter.availablePermits())
          .as("tokens after %s", op)
          .isEqualTo(scaled / interval)
          .isBetween(0L, capacity);
      assertThat(limiter.estimateWait(1).toNanos()).isEqualTo(Math.max(0, interval - scaled));
    }
  }

  @Property(tries = 300)
  void fromEmptyExactlyOneTokenArrivesPerInterval(
      @ForAll @LongRange(min = 1, max = 1_000) long capacity,
      @ForAll @LongRange(min = 1, max = 100_000) long refillTokens,
      @ForAll @LongRange(min = 1, max = 100_000_000_000L) long periodNanos,
      @ForAll @IntRange(min = 1, max = 2_000) int k) {
    Assume.that(refillTokens <= periodNanos);
    ManualClock clock = new ManualClock();
    RateLimiter limiter =
        RateLimiter.builder("exact")
            .capacity(capacity)
            .refill(refillTokens, Duration.ofNanos(periodNanos))
            .clock(clock)
            .build();
    long interval = -Math.floorDiv(-periodNanos, refillTokens);
    assertThat(limiter.tryAcquire((int) capacity)).isTrue();

    clock.advance(Duration.ofNanos(k * interval - 1));
    assertThat(limiter.availablePermits()).isEqualTo(Math.min(capacity, k - 1));
    clock.advance(Duration.ofNanos(1));
    assertThat(limiter.availablePermits()).isEqualTo(Math.min(capacity, k));
  }

  @Property(tries = 200)
  void whenThePeriodDividesEvenlyAFullPeriodRefillsExactlyTheConfiguredTokens(
      @ForAll @LongRange(min = 1, max = 10_000) long refillTokens,
      @ForAll @LongRange(min = 1, max = 1_000_000) long nanosPerToken) {
    ManualClock clock = new ManualClock();
    long period = refillTokens * nanosPerToken;
    RateLimiter limiter =
        RateLimiter.builder("even")
            .capacity(refillTokens)
            .refill(refillTokens, Duration.ofNanos(period))
            .clock(clock)
            .build();
    assertThat(limiter.tryAcquire((int) refillTokens)).isTrue();

    clock.advance(Duration.ofNanos(period));

    assertThat(limiter.availablePermits()).isEqualTo(refillTokens);
  }
}
