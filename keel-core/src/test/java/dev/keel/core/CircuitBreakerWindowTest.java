package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.CircuitBreaker.State;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failure-rate modes: count- and time-based sliding windows with a minimum number of calls. */
class CircuitBreakerWindowTest {

  private final ManualClock clock = new ManualClock();

  private static void record(CircuitBreaker breaker, String outcomes) {
    for (char c : outcomes.toCharArray()) {
      assertThat(breaker.tryAcquirePermission()).as("permission for %s", c).isTrue();
      switch (c) {
        case 'S' -> breaker.onSuccess(1);
        case 'F' -> breaker.onFailure(1, new IOException("boom"));
        default -> throw new IllegalArgumentException(String.valueOf(c));
      }
    }
  }

  @Test
  void countWindowWaitsForTheMinimumNumberOfCalls() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("w")
            .clock(clock)
            .slidingCountWindow(10)
            .minimumCalls(5)
            .failureRateThreshold(50)
            .build();
    record(breaker, "FFFF");
    assertThat(breaker.state()).as("4 failures, below the minimum").isEqualTo(State.CLOSED);
    assertThat(breaker.metrics().failureRate()).isEqualTo(-1);
    record(breaker, "S");
    assertThat(breaker.state()).as("4 of 5 failed").isEqualTo(State.OPEN);
  }

  @Test
  void countWindowStaysClosedBelowTheThreshold() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("w")
            .clock(clock)
            .slidingCountWindow(10)
            .minimumCalls(4)
            .failureRateThreshold(60)
            .build();
    record(breaker, "SFSFSFSFSFSFSFSFSFSF");
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.metrics().failureRate()).isEqualTo(50.0);
    record(breaker, "F");
    assertThat(breaker.state()).as("window is now FSFSFSFSFF: 6 of 10").isEqualTo(State.OPEN);
  }

  @Test
  void countWindowForgetsCallsThatSlidOut() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("w")
            .clock(clock)
            .slidingCountWindow(3)
            .minimumCalls(3)
            .failureRateThreshold(100)
            .build();
    record(breaker, "FFSFF");
    assertThat(breaker.state()).as("window SFF").isEqualTo(State.CLOSED);
    record(breaker, "F");
    assertThat(breaker.state()).as("window FFF").isEqualTo(State.OPEN);
  }

  @Test
  void countWindowStartsEmptyAfterClosingAgain() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("w")
            .clock(clock)
            .slidingCountWindow(4)
            .minimumCalls(2)
            .failureRateThreshold(50)
            .build();
    record(breaker, "FF");
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofSeconds(30));
    record(breaker, "S");
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    record(breaker, "F");
    assertThat(breaker.state()).as("only one call in the new window").isEqualTo(State.CLOSED);
    record(breaker, "S");
    assertThat(breaker.state()).as("1 of 2 failed").isEqualTo(State.OPEN);
  }

  @Test
  void timeWindowCountsOnlyRecentCalls() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("w")
            .clock(clock)
            .slidingTimeWindow(Duration.ofSeconds(10))
            .minimumCalls(4)
            .failureRateThreshold(50)
            .build();
    record(breaker, "SSSSSS");
    clock.advance(Duration.ofSeconds(5));
    record(breaker, "FFFF");
    assertThat(breaker.state()).as("4 of 10 within the window").isEqualTo(State.CLOSED);
    assertThat(breaker.metrics().failureRate()).isEqualTo(40.0);
    clock.advance(Duration.ofSeconds(6));
    assertThat(breaker.metrics().failureRate())
        .as("the successes slid out; only the 4 failures are left")
        .isEqualTo(100.0);
    record(breaker, "S");
    assertThat(breaker.state()).as("4 of 5 within the window").isEqualTo(State.OPEN);
  }

  @Test
  void timeWindowNeedsTheMinimumCallsWithinTheWindow() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("w")
            .clock(clock)
            .slidingTimeWindow(Duration.ofSeconds(10))
            .minimumCalls(3)
            .failureRateThreshold(100)
            .build();
    record(breaker, "FF");
    clock.advance(Duration.ofSeconds(11));
    record(breaker, "FF");
    assertThat(breaker.state()).as("only 2 calls in the last 10 s").isEqualTo(State.CLOSED);
    record(breaker, "F");
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void slowCallsCountAsFailuresInTheWindow() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("w")
            .clock(clock)
            .slidingCountWindow(4)
            .minimumCalls(4)
            .failureRateThreshold(50)
            .slowCallThreshold(Duration.ofMillis(100))
            .build();
    for (int i = 0; i < 2; i++) {
      assertThat(breaker.tryAcquirePermission()).isTrue();
      breaker.onSuccess(Duration.ofMillis(99).toNanos());
    }
    for (int i = 0; i < 2; i++) {
      assertThat(breaker.tryAcquirePermission()).isTrue();
      breaker.onResult(Duration.ofMillis(100).toNanos(), "slow but fine");
    }
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.metrics().slowCalls()).isEqualTo(2);
  }
}
