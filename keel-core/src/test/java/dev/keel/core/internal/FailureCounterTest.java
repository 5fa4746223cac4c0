package dev.keel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lock-free counters behind the breaker's closed state. */
class FailureCounterTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 10_000;

  /** Half the threads record failures, half successes, all released at once. */
  private static void hammer(FailureCounter counter, long nowNanos) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        boolean failure = t % 2 == 0;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < PER_THREAD; i++) {
                    counter.record(failure, nowNanos);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void countWindowLosesNoUpdateUnderContention() throws Exception {
    CountWindow window = new CountWindow(THREADS * PER_THREAD, 1, 100);
    hammer(window, 0);
    assertThat(window.failureRate(0)).isEqualTo(50.0);
  }

  @Test
  void countWindowStaysConsistentWhenWritersWrapAround() throws Exception {
    CountWindow window = new CountWindow(100, 1, 100);
    hammer(window, 0);
    // Every slot was overwritten many times; the failure count must still match some mix of
    // the 100 slots, and a final burst of known outcomes must be reflected exactly.
    for (int i = 0; i < 100; i++) {
      window.record(i < 30, 0);
    }
    assertThat(window.failureRate(0)).isEqualTo(30.0);
  }

  @Test
  void timeWindowLosesNoUpdateUnderContention() throws Exception {
    TimeWindow window = new TimeWindow(Duration.ofSeconds(10).toNanos(), 1, 100);
    long now = 123_456_789_000L;
    hammer(window, now);
    assertThat(window.failureRate(now)).isEqualTo(50.0);
  }

  @Test
  void timeWindowHandlesNegativeNanoTimeAndSlides() {
    TimeWindow window = new TimeWindow(Duration.ofSeconds(10).toNanos(), 1, 100);
    long start = -Duration.ofSeconds(3).toNanos(); // System.nanoTime() may be negative
    window.record(true, start);
    window.record(false, start + Duration.ofSeconds(6).toNanos());
    assertThat(window.failureRate(start + Duration.ofSeconds(6).toNanos())).isEqualTo(50.0);
    assertThat(window.failureRate(start + Duration.ofSeconds(11).toNanos()))
        .as("the failure slid out")
        .isEqualTo(0.0);
    assertThat(window.failureRate(start + Duration.ofSeconds(17).toNanos()))
        .as("everything slid out")
        .isEqualTo(-1);
  }

  @Test
  void aSaturatedBucketKeepsTheRateRight() {
    TimeWindow window = new TimeWindow(Duration.ofSeconds(10).toNanos(), 1, 100);
    for (int i = 0; i < (1 << 20) + 100; i++) {
      window.record(i % 4 == 0, 0);
    }
    assertThat(window.failureRate(0)).isBetween(24.99, 25.01);
  }

  @Test
  void consecutiveFailuresResetOnSuccess() {
    ConsecutiveFailures counter = new ConsecutiveFailures(3);
    assertThat(counter.record(true, 0)).isFalse();
    assertThat(counter.record(true, 0)).isFalse();
    assertThat(counter.record(false, 0)).isFalse();
    assertThat(counter.run()).isZero();
    counter.record(true, 0);
    counter.record(true, 0);
    assertThat(counter.record(true, 0)).isTrue();
  }
}
