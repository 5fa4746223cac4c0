package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.CircuitBreaker.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A half-open breaker hands out exactly its permits when many threads race for them. */
class CircuitBreakerConcurrencyTest {

  private static final int THREADS = 64;
  private static final int ROUNDS = 20;

  @ParameterizedTest(name = "permits = {0}")
  @ValueSource(ints = {1, 3})
  void halfOpenLetsExactlyThePermittedProbesThrough(int permits) throws Exception {
    ManualClock clock = new ManualClock();
    CircuitBreaker breaker =
        CircuitBreaker.builder("race").clock(clock).halfOpenPermits(permits).build();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < 5; i++) {
          assertThat(breaker.tryAcquirePermission()).isTrue();
          breaker.onFailure(1, new IOException("down"));
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        clock.advance(Duration.ofSeconds(30));

        AtomicInteger probes = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        // Every thread counts down once it knows its fate: probing or turned away.
        CountDownLatch decided = new CountDownLatch(THREADS);
        CountDownLatch finishProbes = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          calls.add(
              threads.submit(
                  () -> {
                    start.await();
                    try {
                      return breaker.call(
                          () -> {
                            probes.incrementAndGet();
                            decided.countDown();
                            // Hold the probe until everybody else has been turned away.
                            assertThat(finishProbes.await(30, TimeUnit.SECONDS)).isTrue();
                            return "probe";
                          });
                    } catch (CircuitBreakerOpenException e) {
                      rejected.incrementAndGet();
                      decided.countDown();
                      return "rejected";
                    }
                  }));
        }
        start.countDown();
        assertThat(decided.await(30, TimeUnit.SECONDS)).isTrue();
        finishProbes.countDown();
        for (Future<?> call : calls) {
          call.get(30, TimeUnit.SECONDS);
        }

        assertThat(probes).as("round %d", round).hasValue(permits);
        assertThat(rejected).as("round %d", round).hasValue(THREADS - permits);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
      }
    }
  }
}
