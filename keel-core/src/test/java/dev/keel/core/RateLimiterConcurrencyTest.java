package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Many virtual threads against one limiter: tokens are neither lost nor invented. */
class RateLimiterConcurrencyTest {

  private static final int THREADS = 64;

  @Test
  void givenManyVirtualThreadsWhenTheClockAdvancesThenGrantsEqualCapacityPlusRefill()
      throws InterruptedException {
    ManualClock clock = new ManualClock();
    RateLimiter limiter =
        RateLimiter.builder("shared")
            .capacity(100)
            .refill(1, Duration.ofMillis(1))
            .clock(clock)
            .build();
    AtomicLong granted = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int permits = 1 + i % 3;
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!stop.get()) {
                      if (limiter.tryAcquire(permits)) {
                        granted.addAndGet(permits);
                      } else {
                        Thread.yield();
                      }
                    }
                  }));
    }

    int refills = 300;
    for (int i = 0; i < refills; i++) {
      // Advance only once the bucket is (nearly) drained, so no refill is wasted on a full bucket.
      while (limiter.availablePermits() > 2) {
        Thread.onSpinWait();
      }
      clock.advance(Duration.ofMillis(1));
      assertThat(granted.get()).isLessThanOrEqualTo(100 + i + 1);
    }
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(granted.get()).isLessThanOrEqualTo(100 + refills);
    while (limiter.tryAcquire(1)) {
      granted.incrementAndGet();
    }
    assertThat(granted.get()).as("granted plus what is left").isEqualTo(100 + refills);
  }

  @Test
  void givenWaitingCallersThenGrantsNeverExceedCapacityPlusRefillOfTheElapsedTime()
      throws InterruptedException {
    ManualClock clock = new ManualClock();
    RateLimiter limiter =
        RateLimiter.builder("waiting")
            .capacity(10)
            .refill(1, Duration.ofMillis(1))
            .clock(clock)
            .sleeper(Sleeper.advancing(clock))
            .build();
    AtomicLong granted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      if (limiter.acquire(1, Duration.ofMillis(50))) {
                        granted.incrementAndGet();
                      } else {
                        refused.incrementAndGet();
                      }
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                  }));
    }
    for (Thread caller : callers) {
      caller.join();
    }

    long elapsedMillis = Duration.ofNanos(clock.nanoTime()).toMillis();
    assertThat(granted.get() + refused.get()).isEqualTo(500);
    assertThat(granted.get()).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(10 + elapsedMillis);
  }

  @Test
  void callFromManyVirtualThreadsCountsGrantsAndRefusals() throws InterruptedException {
    ManualClock clock = new ManualClock();
    RateLimiter limiter = RateLimiter.builder("calls").capacity(25).clock(clock).build();
    AtomicLong ran = new AtomicLong();
    AtomicLong limited = new AtomicLong();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      limiter.run(ran::incrementAndGet);
                    } catch (RateLimitedException e) {
                      limited.incrementAndGet();
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  }));
    }
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(ran.get()).isEqualTo(25);
    assertThat(limited.get()).isEqualTo(175);
  }
}
