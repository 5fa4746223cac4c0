package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Outcomes a breaker ignores: by default the local rejections of a limiter or bulkhead. */
class CircuitBreakerIgnoreTest {

  private final ManualClock clock = new ManualClock();

  private CircuitBreakerBuilder breaker() {
    return CircuitBreaker.builder("ignoring")
        .consecutiveFailures(1)
        .cooldown(Duration.ofSeconds(5))
        .clock(clock);
  }

  private static Object throwing(Exception e) throws Exception {
    throw e;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void localRejectionsAreIgnoredByDefault(Mode mode) {
    CircuitBreaker breaker = breaker().build();
    assertThatThrownBy(
            () -> mode.call(breaker, () -> throwing(new RateLimitedException("l", Duration.ZERO))))
        .isInstanceOf(RateLimitedException.class);
    assertThatThrownBy(
            () ->
                mode.call(
                    breaker, () -> throwing(new BulkheadFullException("b", 1, Duration.ZERO))))
        .isInstanceOf(BulkheadFullException.class);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.metrics()).isEqualTo(new CircuitBreaker.Metrics(0, 0, 0, 0, 2, -1));
  }

  @Test
  void anIgnoredOutcomeDoesNotResetTheRunOfFailures() throws Exception {
    CircuitBreaker breaker = breaker().consecutiveFailures(2).build();
    assertThatThrownBy(() -> breaker.call(() -> throwing(new IOException("1"))));
    assertThatThrownBy(
        () -> breaker.call(() -> throwing(new BulkheadFullException("b", 1, Duration.ZERO))));
    assertThatThrownBy(() -> breaker.call(() -> throwing(new IOException("2"))));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void ignoreOnReplacesTheDefaultAndIsCheckedBeforeFailOn() {
    CircuitBreaker recordsAll = breaker().ignoreOn(t -> false).build();
    assertThatThrownBy(
        () -> recordsAll.call(() -> throwing(new BulkheadFullException("b", 1, Duration.ZERO))));
    assertThat(recordsAll.state()).isEqualTo(CircuitBreaker.State.OPEN);

    CircuitBreaker ignoresIo =
        breaker().failOn(t -> true).ignoreOn(t -> t instanceof IOException).build();
    assertThatThrownBy(() -> ignoresIo.call(() -> throwing(new IOException("ignored"))));
    assertThat(ignoresIo.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(ignoresIo.metrics().ignored()).isEqualTo(1);
    assertThat(ignoresIo.config().toBuilder().buildConfig().ignorePredicate())
        .isSameAs(ignoresIo.config().ignorePredicate());
  }

  @Test
  void anIgnoredOutcomeWithoutAnOutstandingProbeDoesNotFreeAnExtraProbe() {
    CircuitBreaker breaker = breaker().build();
    breaker.acquirePermission();
    breaker.onFailure(1, new IOException("opens"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(breaker.tryAcquirePermission()).isTrue(); // the one probe
    // A stale ignored outcome (no token) followed by the probe's own ignored outcome
    breaker.onFailure(1, new RateLimitedException("l", Duration.ZERO));
    breaker.onFailure(1, new RateLimitedException("l", Duration.ZERO));
    assertThat(breaker.tryAcquirePermission()).isTrue(); // the probe is free again, once
    assertThat(breaker.tryAcquirePermission()).isFalse();
    breaker.onSuccess(1);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aThrowingIgnorePredicateRecordsTheOutcome() {
    CircuitBreaker breaker =
        breaker()
            .ignoreOn(
                t -> {
                  throw new IllegalStateException("predicate bug");
                })
            .build();
    assertThatThrownBy(() -> breaker.call(() -> throwing(new IOException("x"))));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }
}
