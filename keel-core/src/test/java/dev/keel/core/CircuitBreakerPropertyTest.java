package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.CircuitBreaker.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The breaker against a deliberately naive reference model, under random sequences of successes,
 * failures, slow successes and clock steps. Single-threaded: each permitted call reports at once.
 */
class CircuitBreakerPropertyTest {

  private static final Duration COOLDOWN = Duration.ofSeconds(30);
  private static final Duration SLOW = Duration.ofSeconds(2);

  sealed interface Action {}

  record Success() implements Action {}

  record Failure() implements Action {}

  record SlowSuccess() implements Action {}

  record Advance(int seconds) implements Action {}

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Action> action =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.just(new Success())),
            net.jqwik.api.Tuple.of(5, Arbitraries.just(new Failure())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new SlowSuccess())),
            net.jqwik.api.Tuple.of(
                2, Arbitraries.integers().between(0, 40).map(s -> (Action) new Advance(s))));
    return action.list().ofMaxSize(200);
  }

  @Property(tries = 300)
  void consecutiveModeMatchesTheModel(
      @ForAll("actions") List<Action> actions,
      @ForAll @IntRange(min = 1, max = 6) int threshold,
      @ForAll @IntRange(min = 1, max = 3) int permits) {
    ManualClock clock = new ManualClock();
    CircuitBreaker breaker =
        CircuitBreaker.builder("p")
            .clock(clock)
            .consecutiveFailures(threshold)
            .halfOpenPermits(permits)
            .slowCallThreshold(SLOW)
            .build();
    Model model = new Model(permits, new ConsecutiveRule(threshold));
    check(actions, clock, breaker, model);
  }

  @Property(tries = 300)
  void countWindowModeMatchesTheModel(
      @ForAll("actions") List<Action> actions,
      @ForAll @IntRange(min = 1, max = 8) int windowSize,
      @ForAll @IntRange(min = 1, max = 8) int minimumCalls,
      @ForAll @IntRange(min = 1, max = 4) int rateQuarters,
      @ForAll @IntRange(min = 1, max = 2) int permits) {
    int minimum = Math.min(minimumCalls, windowSize);
    double rate = rateQuarters * 25.0;
    ManualClock clock = new ManualClock();
    CircuitBreaker breaker =
        CircuitBreaker.builder("p")
            .clock(clock)
            .slidingCountWindow(windowSize)
            .minimumCalls(minimum)
            .failureRateThreshold(rate)
            .halfOpenPermits(permits)
            .slowCallThreshold(SLOW)
            .build();
    Model model = new Model(permits, new WindowRule(windowSize, minimum, rate));
    check(actions, clock, breaker, model);
  }

  private static void check(
      List<Action> actions, ManualClock clock, CircuitBreaker breaker, Model model) {
    for (Action action : actions) {
      long now = clock.nanoTime();
      if (action instanceof Advance(int seconds)) {
        clock.advance(Duration.ofSeconds(seconds));
        continue;
      }
      boolean failure = action instanceof Failure || action instanceof SlowSuccess;
      boolean expectPermit = model.acquire(now);
      assertThat(breaker.tryAcquirePermission())
          .as("permit after %s", action)
          .isEqualTo(expectPermit);
      if (expectPermit) {
        switch (action) {
          case Success s -> breaker.onSuccess(1_000);
          case SlowSuccess s -> breaker.onSuccess(SLOW.toNanos());
          case Failure f -> breaker.onFailure(1_000, new IOException("boom"));
          case Advance a -> throw new AssertionError();
        }
        model.record(failure, now);
      }
      assertThat(breaker.state()).as("state after %s", action).isEqualTo(model.state(now));
      CircuitBreaker.Metrics metrics = breaker.metrics();
      assertThat(metrics.successes()).isEqualTo(model.successes);
      assertThat(metrics.failures()).isEqualTo(model.failures);
      assertThat(metrics.rejected()).isEqualTo(model.rejected);
    }
  }

  /** When a closed breaker opens. */
  interface OpenRule {
    void reset();

    boolean recordAndCheck(boolean failure);
  }

  static final class ConsecutiveRule implements OpenRule {
    private final int threshold;
    private int run;

    ConsecutiveRule(int threshold) {
      this.threshold = threshold;
    }

    @Override
    public void reset() {
      run = 0;
    }

    @Override
    public boolean recordAndCheck(boolean failure) {
      run = failure ? run + 1 : 0;
      return run >= threshold;
    }
  }

  static final class WindowRule implements OpenRule {
    private final int size;
    private final int minimum;
    private final double rate;
    private final Deque<Boolean> window = new ArrayDeque<>();

    WindowRule(int size, int minimum, double rate) {
      this.size = size;
      this.minimum = minimum;
      this.rate = rate;
    }

    @Override
    public void reset() {
      window.clear();
    }

    @Override
    public boolean recordAndCheck(boolean failure) {
      window.addLast(failure);
      if (window.size() > size) {
        window.removeFirst();
      }
      long failed = window.stream().filter(f -> f).count();
      return window.size() >= minimum && failed * 100.0 >= rate * window.size();
    }
  }

  /** The obvious, slow, sequential state machine. */
  static final class Model {
    private final int permits;
    private final OpenRule rule;
    private State state = State.CLOSED;
    private long openedAt;
    private int issued;
    private int succeeded;
    long successes;
    long failures;
    long rejected;

    Model(int permits, OpenRule rule) {
      this.permits = permits;
      this.rule = rule;
    }

    State state(long now) {
      if (state == State.OPEN && now - openedAt >= COOLDOWN.toNanos()) {
        state = State.HALF_OPEN;
        issued = 0;
        succeeded = 0;
      }
      return state;
    }

    boolean acquire(long now) {
      boolean permitted =
          switch (state(now)) {
            case CLOSED -> true;
            case HALF_OPEN -> issued < permits && ++issued > 0;
            default -> false;
          };
      if (!permitted) {
        rejected++;
      }
      return permitted;
    }

    void record(boolean failure, long now) {
      if (failure) {
        failures++;
      } else {
        successes++;
      }
      if (state == State.CLOSED) {
        if (rule.recordAndCheck(failure)) {
          state = State.OPEN;
          openedAt = now;
        }
      } else if (state == State.HALF_OPEN) {
        if (failure) {
          state = State.OPEN;
          openedAt = now;
        } else if (++succeeded >= permits) {
          state = State.CLOSED;
          rule.reset();
        }
      }
    }
  }
}
