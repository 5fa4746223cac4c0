package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FaultInjectionTest {

  private final ManualClock clock = new ManualClock();

  /** Calls {@code n} times and counts injected failures. */
  private static int injectedFailures(FaultInjection chaos, Mode mode, int n) throws Exception {
    int injected = 0;
    for (int i = 0; i < n; i++) {
      try {
        mode.call(chaos, () -> "ok");
      } catch (InjectedFaultException e) {
        injected++;
      }
    }
    return injected;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenRate30PercentThenAboutThirtyPercentOfCallsFail(Mode mode) throws Exception {
    FaultInjection chaos =
        FaultInjection.builder("chaos").rate(0.3).random(new SplittableRandom(42)).build();

    int injected = injectedFailures(chaos, mode, 10_000);

    // Binomial(10,000, 0.3): standard deviation about 46; the seed makes the count repeatable.
    assertThat(injected).isBetween(2_800, 3_200);
  }

  @Test
  void theSameSeedGivesTheSameSequence() throws Exception {
    FaultInjection a =
        FaultInjection.builder("a").rate(0.5).random(new SplittableRandom(7)).build();
    FaultInjection b =
        FaultInjection.builder("b").rate(0.5).random(new SplittableRandom(7)).build();
    List<Boolean> first = new ArrayList<>();
    List<Boolean> second = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      first.add(injectedFailures(a, Mode.SYNC, 1) == 1);
      second.add(injectedFailures(b, Mode.SYNC, 1) == 1);
    }

    assertThat(first).isEqualTo(second).contains(true, false);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void latencyDelaysTheCallThroughTheSleeper(Mode mode) throws Exception {
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    FaultInjection chaos =
        FaultInjection.builder("slow")
            .latency(Duration.ofSeconds(3))
            .sleeper(
                d -> {
                  sleeps.add(d);
                  clock.advance(d);
                })
            .build();
    AtomicLong calledAt = new AtomicLong(-1);

    String result =
        mode.call(
            chaos,
            () -> {
              calledAt.set(clock.nanoTime());
              return "slow but fine";
            });

    assertThat(result).isEqualTo("slow but fine");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    assertThat(calledAt.get()).as("the call ran after the delay").isEqualTo(3_000_000_000L);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFailureReplacesTheCall(Mode mode) {
    FaultInjection chaos =
        FaultInjection.builder("boom").failure(() -> new IllegalStateException("game day")).build();
    AtomicBoolean called = new AtomicBoolean();

    assertThatThrownBy(() -> mode.call(chaos, () -> called.getAndSet(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("game day");
    assertThat(called).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anOutcomeReplacesTheCall(Mode mode) throws Exception {
    FaultInjection chaos = FaultInjection.builder("outcome").outcome("chosen").build();
    AtomicBoolean called = new AtomicBoolean();

    String result =
        mode.call(
            chaos,
            () -> {
              called.set(true);
              return "real";
            });

    assertThat(result).isEqualTo("chosen");
    assertThat(called).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void injectionIsSwitchedAtRunTime(Mode mode) throws Exception {
    FaultInjection chaos =
        FaultInjection.builder("switch").enabled(false).random(new SplittableRandom(1)).build();

    assertThat(injectedFailures(chaos, mode, 100)).isZero();
    chaos.enable();
    assertThat(injectedFailures(chaos, mode, 100)).isEqualTo(100);
    chaos.setRate(0.0);
    assertThat(injectedFailures(chaos, mode, 100)).isZero();
    chaos.update(new FaultInjection.Settings(true, 1.0, Fault.outcome("swapped")));
    assertThat(mode.call(chaos, () -> "real")).isEqualTo("swapped");
    chaos.setFault(Fault.failure());
    assertThat(injectedFailures(chaos, mode, 10)).isEqualTo(10);
    chaos.disable();
    assertThat(injectedFailures(chaos, mode, 100)).isZero();
    assertThat(chaos.settings())
        .isEqualTo(new FaultInjection.Settings(false, 1.0, Fault.failure()));
  }

  @Test
  void switchingWhileManyThreadsCallIsSafeAndTakesEffect() throws Exception {
    FaultInjection chaos = FaultInjection.builder("live").rate(1.0).build();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger unexpected = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!stop.get()) {
                      try {
                        Object r = chaos.call(() -> "real");
                        if (!"real".equals(r) && !"fake".equals(r)) {
                          unexpected.incrementAndGet();
                        }
                      } catch (InjectedFaultException expected) {
                        // the failure fault
                      } catch (Exception e) {
                        unexpected.incrementAndGet();
                      }
                      calls.incrementAndGet();
                    }
                  }));
    }

    for (int i = 0; i < 200; i++) {
      chaos.setFault(i % 2 == 0 ? Fault.outcome("fake") : Fault.failure());
      chaos.setRate((i % 10) / 10.0);
      if (i % 3 == 0) {
        chaos.disable();
      } else {
        chaos.enable();
      }
    }
    chaos.disable();
    int before = calls.get();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> calls.get() > before + 100);
    stop.set(true);
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(unexpected.get()).isZero();
    assertThat(chaos.call(() -> "real")).isEqualTo("real");
  }

  @Test
  void listenersHearOfInjectedFaultsOnly() throws Exception {
    FaultInjection chaos =
        FaultInjection.builder("heard").rate(0.5).random(new SplittableRandom(3)).build();
    List<FaultInjectionEvent> events = new CopyOnWriteArrayList<>();
    chaos.onEvent(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    chaos.onEvent(events::add);

    int injected = injectedFailures(chaos, Mode.SYNC, 100);

    assertThat(events).hasSize(injected);
    assertThat(events)
        .allMatch(
            e ->
                e.equals(new FaultInjectionEvent.FaultInjected("heard", chaos.settings().fault())));
  }

  @Test
  void badConfigurationNamesTheField() {
    assertThatThrownBy(() -> FaultInjection.builder("x").rate(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> FaultInjection.builder("x").rate(Double.NaN).build())
        .hasMessage("rate must be in [0, 1], was NaN");
    FaultInjection chaos = FaultInjection.builder("x").build();
    assertThatThrownBy(() -> chaos.setRate(-0.1)).hasMessage("rate must be in [0, 1], was -0.1");
    assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-1)))
        .hasMessage("delay must not be negative, was PT-0.001S");
    assertThatThrownBy(() -> FaultInjection.builder("").build())
        .hasMessageContaining("name must not be blank");
    assertThat(chaos.settings().enabled()).isTrue();
    assertThat(chaos.settings().rate()).isEqualTo(1.0);
    assertThat(chaos.settings().fault()).isInstanceOf(Fault.Failure.class);
  }
}
