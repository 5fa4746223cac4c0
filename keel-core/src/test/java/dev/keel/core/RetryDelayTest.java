package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Delays of the blocking form with realistic (minutes-long) backoff: the {@link RecordingSleeper}
 * advances a {@link ManualClock} instead of waiting, so these run in microseconds.
 */
class RetryDelayTest {

  private static final IOException DOWN = new IOException("down");

  private static List<Duration> delaysOfAnAlwaysFailingCall(Retry retry, RecordingSleeper sleeper) {
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      throw DOWN;
                    }))
        .isSameAs(DOWN);
    return sleeper.delays();
  }

  @Property(tries = 200)
  void defaultBackoffDelaysStayWithinTheQuarterJitterAndNeverAboveMax(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 15) int maxAttempts) {
    ManualClock clock = new ManualClock();
    RecordingSleeper sleeper = new RecordingSleeper(clock);
    Retry retry =
        Retry.builder("r")
            .maxAttempts(maxAttempts)
            .sleeper(sleeper)
            .random(new SplittableRandom(seed))
            .build();

    List<Duration> delays = delaysOfAnAlwaysFailingCall(retry, sleeper);

    assertThat(delays).hasSize(maxAttempts - 1);
    for (int n = 0; n < delays.size(); n++) {
      double exp = Math.min(5_000.0 * Math.pow(2, n), 300_000.0);
      assertThat(delays.get(n))
          .as("delay before retry %d", n)
          .isLessThanOrEqualTo(Duration.ofMinutes(5))
          .isBetween(
              Duration.ofMillis((long) (exp * 0.75) - 1), Duration.ofMillis((long) (exp * 1.25)));
    }
    Duration total = delays.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(Duration.ofNanos(clock.nanoTime())).isEqualTo(total);
  }

  @Property(tries = 200)
  void everyJitterModeStaysWithinZeroAndMax(@ForAll long seed, @ForAll Jitter jitter) {
    RecordingSleeper sleeper = new RecordingSleeper(new ManualClock());
    Retry retry =
        Retry.builder("r")
            .maxAttempts(20)
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(40))
            .jitter(jitter)
            .sleeper(sleeper)
            .random(new SplittableRandom(seed))
            .build();
    assertThat(delaysOfAnAlwaysFailingCall(retry, sleeper))
        .hasSize(19)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(40)));
  }

  @Property(tries = 100)
  void decorrelatedJitterStaysBetweenBaseAndMax(@ForAll long seed) {
    RecordingSleeper sleeper = new RecordingSleeper(new ManualClock());
    Retry retry =
        Retry.builder("r")
            .maxAttempts(30)
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
            .jitter(Jitter.DECORRELATED)
            .sleeper(sleeper)
            .random(new SplittableRandom(seed))
            .build();
    List<Duration> delays = delaysOfAnAlwaysFailingCall(retry, sleeper);
    assertThat(delays)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(100), Duration.ofSeconds(10)));
    for (int i = 1; i < delays.size(); i++) {
      assertThat(delays.get(i)).isLessThanOrEqualTo(delays.get(i - 1).multipliedBy(3));
    }
  }

  @Test
  void withoutJitterTheDelaysDoubleUpToMax() throws Exception {
    RecordingSleeper sleeper = new RecordingSleeper(new ManualClock());
    Retry retry = Retry.builder("r").maxAttempts(9).jitter(Jitter.NONE).sleeper(sleeper).build();
    delaysOfAnAlwaysFailingCall(retry, sleeper);
    assertThat(sleeper.delays())
        .extracting(Duration::toSeconds)
        .containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L);
  }

  @Test
  void defaultMaxRetryAfterIsTheBackoffMax() throws Exception {
    RecordingSleeper sleeper = new RecordingSleeper(new ManualClock());
    Retry retry = Retry.builder("r").jitter(Jitter.NONE).sleeper(sleeper).build();
    assertThat(retry.config().maxRetryAfter()).isEqualTo(Duration.ofMinutes(5));
    AtomicCounter calls = new AtomicCounter();
    String result =
        retry.call(
            () -> {
              if (calls.next() == 1) {
                throw new CircuitBreakerOpenException(
                    "db", CircuitBreaker.State.OPEN, Duration.ofHours(2));
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(sleeper.delays()).containsExactly(Duration.ofMinutes(5));
  }

  @Test
  void anOpenBreakersRemainingCooldownDelaysTheRetry() throws Exception {
    ManualClock clock = new ManualClock();
    RecordingSleeper sleeper = new RecordingSleeper(clock);
    CircuitBreaker breaker =
        CircuitBreaker.builder("db").clock(clock).consecutiveFailures(1).build();
    Retry retry =
        Retry.builder("r")
            .backoff(Duration.ofSeconds(1), Duration.ofMinutes(1))
            .jitter(Jitter.NONE)
            .sleeper(sleeper)
            .build();
    AtomicCounter calls = new AtomicCounter();
    String result =
        retry.call(
            () ->
                breaker.call(
                    () -> {
                      if (calls.next() == 1) {
                        throw new IOException("first call fails and opens the breaker");
                      }
                      return "ok";
                    }));
    assertThat(result).isEqualTo("ok");
    // 1 s backoff, then the breaker's remaining 29 s cooldown, then the probe succeeds.
    assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(29));
    assertThat(calls.value()).isEqualTo(2);
  }

  @Test
  void interruptionWhileWaitingStopsTheRetryAndKeepsTheLastFailure() {
    Retry retry =
        Retry.builder("r")
            .sleeper(
                d -> {
                  throw new InterruptedException("shutting down");
                })
            .build();
    AtomicCounter calls = new AtomicCounter();
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.next();
                      throw DOWN;
                    }))
        .isInstanceOf(InterruptedException.class)
        .hasSuppressedException(DOWN);
    assertThat(calls.value()).isEqualTo(1);
  }

  @Test
  void interruptedExceptionFromTheCallIsNeverRetried() {
    Retry retry = Retry.builder("r").retryOn(e -> true).sleeper(d -> {}).build();
    AtomicCounter calls = new AtomicCounter();
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.next();
                      throw new InterruptedException();
                    }))
        .isInstanceOf(InterruptedException.class);
    assertThat(calls.value()).isEqualTo(1);
  }

  /** A counter usable from lambdas. */
  private static final class AtomicCounter {
    private final java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();

    int next() {
      return count.incrementAndGet();
    }

    int value() {
      return count.get();
    }
  }
}
