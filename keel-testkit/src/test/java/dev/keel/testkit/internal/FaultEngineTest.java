package dev.keel.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.ManualClock;
import dev.keel.testkit.FaultAction;
import dev.keel.testkit.FaultSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FaultEngineTest {

  private final ManualClock clock = new ManualClock();

  private List<Long> faultedRequests(FaultEngine engine, int requests) {
    List<Long> hit = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      FaultDecision d = engine.decide();
      if (!d.fired().isEmpty()) {
        hit.add(d.requestNumber());
      }
    }
    return hit;
  }

  @Test
  void scheduleHitsExactlyTheNumberedRequests() {
    FaultEngine engine = new FaultEngine(clock, FaultSpec.parse("status=503#3-5,reset#8"));

    List<FaultDecision> decisions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      decisions.add(engine.decide());
    }

    assertThat(decisions)
        .filteredOn(d -> d.replacement() instanceof FaultAction.Status)
        .extracting(FaultDecision::requestNumber)
        .containsExactly(3L, 4L, 5L);
    assertThat(decisions)
        .filteredOn(d -> d.replacement() instanceof FaultAction.Reset)
        .extracting(FaultDecision::requestNumber)
        .containsExactly(8L);
  }

  @Test
  void settingFaultsRestartsNumberingFromOne() {
    FaultEngine engine = new FaultEngine(clock, FaultSpec.parse("status=503#1-2"));
    assertThat(faultedRequests(engine, 5)).containsExactly(1L, 2L);
    assertThat(engine.requestsSinceSet()).isEqualTo(5);

    engine.set(FaultSpec.parse("status=503#1-2"));

    assertThat(engine.requestsSinceSet()).isZero();
    assertThat(faultedRequests(engine, 5)).containsExactly(1L, 2L);
  }

  @Test
  void timeWindowFollowsTheInjectedClockFromWhenFaultsWereSet() {
    clock.advance(Duration.ofMinutes(5));
    FaultEngine engine = new FaultEngine(clock, FaultSpec.parse("status=503~10s-20s"));

    assertThat(engine.decide().fired()).isEmpty();
    clock.advance(Duration.ofMillis(9_999));
    assertThat(engine.decide().fired()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(engine.decide().fired()).hasSize(1);
    clock.advance(Duration.ofMillis(9_999));
    assertThat(engine.decide().fired()).hasSize(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(engine.decide().fired()).isEmpty();
  }

  @Test
  void rateIsDeterministicForASeedAndCloseToTheRate() {
    List<Long> first =
        faultedRequests(new FaultEngine(clock, FaultSpec.parse("seed=7,status=503@0.2")), 2_000);
    List<Long> again =
        faultedRequests(new FaultEngine(clock, FaultSpec.parse("seed=7,status=503@0.2")), 2_000);
    List<Long> other =
        faultedRequests(new FaultEngine(clock, FaultSpec.parse("seed=8,status=503@0.2")), 2_000);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    // Binomial(2000, 0.2): mean 400, sd ~17.9; +-100 is more than 5 sd, and the seed is fixed.
    assertThat(first.size()).isBetween(300, 500);
    assertThat(other.size()).isBetween(300, 500);
  }

  @Test
  void rulesDrawIndependentlySoAddingOneDoesNotMoveAnother() {
    List<Long> alone =
        faultedRequests(new FaultEngine(clock, FaultSpec.parse("status=503@0.3")), 500);
    FaultEngine both = new FaultEngine(clock, FaultSpec.parse("status=503@0.3,latency=1ms@0.5"));
    List<Long> statusHits = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      FaultDecision d = both.decide();
      if (d.replacement() != null) {
        statusHits.add(d.requestNumber());
      }
    }
    assertThat(statusHits).isEqualTo(alone);
  }

  @Test
  void uniformLatencyStaysWithinItsBoundsAndSpreads() {
    FaultEngine engine = new FaultEngine(clock, FaultSpec.parse("latency=100ms..200ms"));
    Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      long delay = engine.decide().delayMillis();
      assertThat(delay).isBetween(100L, 200L);
      seen.add(delay);
    }
    assertThat(seen).contains(100L, 200L).hasSizeGreaterThan(90);
  }

  @Test
  void delaysAddUpAndTheFirstReplacementWins() {
    FaultEngine engine =
        new FaultEngine(
            clock,
            FaultSpec.parse(
                "latency=100ms,hang=5s,429=2s,status=503,reset,dribble=1s/4,dribble=9s"));

    FaultDecision d = engine.decide();

    assertThat(d.delayMillis()).isEqualTo(5_100);
    assertThat(d.replacement()).isEqualTo(new FaultAction.TooManyRequests(Duration.ofSeconds(2)));
    assertThat(d.dribble()).isEqualTo(new FaultAction.Dribble(Duration.ofSeconds(1), 4));
    assertThat(d.fired()).hasSize(7);
  }

  @Test
  void concurrentRequestsGetDistinctNumbersAndAScheduleHitsExactlyItsCount() throws Exception {
    FaultEngine engine = new FaultEngine(clock, FaultSpec.parse("status=503#1-100"));
    Set<Long> numbers = ConcurrentHashMap.newKeySet();
    AtomicInteger faulted = new AtomicInteger();
    int threads = 8;
    int perThread = 500;
    CountDownLatch start = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        pool.submit(
            () -> {
              start.await();
              for (int i = 0; i < perThread; i++) {
                FaultDecision d = engine.decide();
                numbers.add(d.requestNumber());
                if (d.replacement() != null) {
                  faulted.incrementAndGet();
                }
              }
              return null;
            });
      }
      start.countDown();
    }
    assertThat(numbers)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(1, threads * perThread).boxed().toList());
    assertThat(faulted.get()).isEqualTo(100);
  }

  @Test
  void switchingWhileDecidingNeverMixesTwoSpecs() throws Exception {
    FaultSpec a = FaultSpec.parse("status=501");
    FaultSpec b = FaultSpec.parse("status=502,latency=7ms");
    FaultEngine engine = new FaultEngine(clock, a);
    List<FaultDecision> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 4; t++) {
        pool.submit(
            () -> {
              start.await();
              for (int i = 0; i < 2_000; i++) {
                seen.add(engine.decide());
              }
              return null;
            });
      }
      pool.submit(
          () -> {
            start.await();
            for (int i = 0; i < 2_000; i++) {
              engine.set(i % 2 == 0 ? b : a);
            }
            return null;
          });
      start.countDown();
    }
    assertThat(seen).hasSize(8_000);
    for (FaultDecision d : seen) {
      boolean isA = d.replacement().equals(new FaultAction.Status(501)) && d.delayMillis() == 0;
      boolean isB = d.replacement().equals(new FaultAction.Status(502)) && d.delayMillis() == 7;
      assertThat(isA || isB).as("decision %s is from exactly one spec", d).isTrue();
    }
  }
}
