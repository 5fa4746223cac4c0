package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.CircuitBreaker.State;
import dev.keel.core.CircuitBreakerEvent.CallFailed;
import dev.keel.core.CircuitBreakerEvent.CallRejected;
import dev.keel.core.CircuitBreakerEvent.CallSucceeded;
import dev.keel.core.CircuitBreakerEvent.StateTransition;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every transition of the breaker, driven by a {@link ManualClock}. */
class CircuitBreakerTest {

  private final ManualClock clock = new ManualClock();

  private CircuitBreakerBuilder builder() {
    return CircuitBreaker.builder("payments").clock(clock);
  }

  private static void fail(CircuitBreaker breaker, int times) {
    for (int i = 0; i < times; i++) {
      IOException boom = new IOException("boom " + i);
      assertThatThrownBy(() -> breaker.call(() -> thrower(boom))).isSameAs(boom);
    }
  }

  private static String thrower(Exception e) throws Exception {
    throw e;
  }

  private static CircuitBreaker openBreaker(CircuitBreakerBuilder builder) {
    CircuitBreaker breaker = builder.build();
    fail(breaker, breaker.config().failureThreshold());
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    return breaker;
  }

  @Test
  void defaultsAreTheBriefs() {
    CircuitBreakerConfig config = CircuitBreaker.ofDefaults("x").config();
    assertThat(config.mode()).isEqualTo(CircuitBreakerConfig.Mode.CONSECUTIVE_FAILURES);
    assertThat(config.failureThreshold()).isEqualTo(5);
    assertThat(config.cooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.halfOpenPermits()).isEqualTo(1);
    assertThat(config.slowCallThreshold()).isEmpty();
    assertThat(config.clock()).isSameAs(KeelClock.system());
  }

  @Test
  void opensAfterFiveConsecutiveFailuresAndASuccessResetsTheRun() throws Exception {
    CircuitBreaker breaker = builder().build();
    fail(breaker, 4);
    assertThat(breaker.call(() -> "ok")).isEqualTo("ok");
    fail(breaker, 4);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    fail(breaker, 1);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.metrics().failures()).isEqualTo(9);
    assertThat(breaker.metrics().successes()).isEqualTo(1);
  }

  @Test
  void openFailsFastWithTheRemainingCooldownAsRetryAfter() {
    CircuitBreaker breaker = openBreaker(builder());
    clock.advance(Duration.ofSeconds(12));
    AtomicInteger invoked = new AtomicInteger();

    assertThatThrownBy(() -> breaker.call(invoked::incrementAndGet))
        .isInstanceOfSatisfying(
            CircuitBreakerOpenException.class,
            e -> {
              assertThat(e.breakerName()).isEqualTo("payments");
              assertThat(e.state()).isEqualTo(State.OPEN);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(18));
              assertThat(e.retryAfterHint()).contains(Duration.ofSeconds(18));
              assertThat(e).hasMessageContaining("payments").hasMessageContaining("PT18S");
            });
    assertThat(invoked).hasValue(0);
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(breaker.metrics().rejected()).isEqualTo(2);
  }

  @Test
  void staysOpenUntilTheCooldownHasPassedThenHalfOpens() {
    CircuitBreaker breaker = openBreaker(builder().cooldown(Duration.ofSeconds(10)));
    clock.advance(Duration.ofMillis(9_999));
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofMillis(1));
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void halfOpenProbeSuccessCloses() throws Exception {
    CircuitBreaker breaker = openBreaker(builder());
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.call(() -> "probe")).isEqualTo("probe");
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    fail(breaker, 4);
    assertThat(breaker.state()).as("a closed breaker starts a fresh run").isEqualTo(State.CLOSED);
  }

  @Test
  void halfOpenProbeFailureReopensAndRestartsTheCooldown() {
    CircuitBreaker breaker = openBreaker(builder());
    clock.advance(Duration.ofSeconds(31));
    fail(breaker, 1);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> breaker.call(() -> "x"))
        .isInstanceOfSatisfying(
            CircuitBreakerOpenException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(25)));
  }

  @Test
  void halfOpenLetsExactlyOneProbeThroughByDefault() {
    CircuitBreaker breaker = openBreaker(builder());
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThatThrownBy(breaker::acquirePermission)
        .isInstanceOfSatisfying(
            CircuitBreakerOpenException.class,
            e -> {
              assertThat(e.state()).isEqualTo(State.HALF_OPEN);
              assertThat(e.retryAfter()).isZero();
              assertThat(e.retryAfterHint()).isEmpty();
            });
    breaker.onSuccess(1_000);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void everyPermittedProbeMustSucceedToClose() {
    CircuitBreaker breaker = openBreaker(builder().halfOpenPermits(3));
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 3; i++) {
      assertThat(breaker.tryAcquirePermission()).as("probe %d", i).isTrue();
    }
    assertThat(breaker.tryAcquirePermission()).isFalse();
    breaker.onSuccess(1);
    breaker.onSuccess(1);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.onSuccess(1);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void anyFailedProbeReopensEvenAfterOtherProbesSucceeded() {
    CircuitBreaker breaker = openBreaker(builder().halfOpenPermits(3));
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 3; i++) {
      assertThat(breaker.tryAcquirePermission()).isTrue();
    }
    breaker.onSuccess(1);
    breaker.onSuccess(1);
    breaker.onFailure(1, new IOException("probe failed"));
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void halfOpenIgnoresMoreOutcomesThanItIssuedProbes() {
    CircuitBreaker breaker = openBreaker(builder().halfOpenPermits(2));
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onSuccess(1);
    breaker.onSuccess(1); // reported without a permit: must not count as the second probe
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void anOutcomeFromAnEarlierStateDoesNotMoveTheStateMachine() throws Exception {
    CircuitBreaker breaker = builder().build();
    // A slow call permitted while closed; while it runs, other callers open the breaker.
    String result =
        breaker.call(
            () -> {
              for (int i = 0; i < 5; i++) {
                assertThat(breaker.tryAcquirePermission()).isTrue();
                breaker.onFailure(1, new IOException("other caller"));
              }
              clock.advance(Duration.ofSeconds(30));
              assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
              return "late success";
            });
    assertThat(result).isEqualTo("late success");
    assertThat(breaker.state())
        .as("the late success was permitted while closed; it is no probe")
        .isEqualTo(State.HALF_OPEN);
    assertThat(breaker.metrics().successes()).isEqualTo(1);
  }

  @Test
  void forceOpenRejectsEverythingUntilReset() throws Exception {
    CircuitBreaker breaker = builder().build();
    breaker.forceOpen();
    clock.advance(Duration.ofHours(1));
    assertThat(breaker.state()).isEqualTo(State.FORCED_OPEN);
    assertThatThrownBy(() -> breaker.call(() -> "x"))
        .isInstanceOfSatisfying(
            CircuitBreakerOpenException.class,
            e -> {
              assertThat(e.state()).isEqualTo(State.FORCED_OPEN);
              assertThat(e.retryAfter()).isZero();
            });
    breaker.reset();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.call(() -> "x")).isEqualTo("x");
  }

  @Test
  void disabledAllowsEverythingAndRecordsNothing() throws Exception {
    CircuitBreaker breaker = builder().build();
    breaker.disable();
    fail(breaker, 20);
    assertThat(breaker.call(() -> "x")).isEqualTo("x");
    assertThat(breaker.state()).isEqualTo(State.DISABLED);
    assertThat(breaker.metrics()).isEqualTo(new CircuitBreaker.Metrics(0, 0, 0, 0, 0, -1));
  }

  @Test
  void resetClosesAnOpenBreakerWithAFreshRunButKeepsTheCounters() {
    CircuitBreaker breaker = openBreaker(builder());
    breaker.reset();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    fail(breaker, 4);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.metrics().failures()).isEqualTo(9);
  }

  @Test
  void onlyExceptionsAcceptedByThePredicateAreFailures() throws Exception {
    CircuitBreaker breaker =
        builder().consecutiveFailures(2).failOn(e -> e instanceof IOException).build();
    for (int i = 0; i < 10; i++) {
      IllegalArgumentException rejectedInput = new IllegalArgumentException("bad input");
      assertThatThrownBy(() -> breaker.call(() -> thrower(rejectedInput))).isSameAs(rejectedInput);
    }
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.metrics().successes()).isEqualTo(10);
    fail(breaker, 2);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void resultsAcceptedByThePredicateAreFailures() throws Exception {
    CircuitBreaker breaker =
        builder().consecutiveFailures(3).failOnResult(r -> "503".equals(r)).build();
    assertThat(breaker.call(() -> "503")).isEqualTo("503");
    assertThat(breaker.call(() -> "503")).isEqualTo("503");
    assertThat(breaker.call(() -> "200")).isEqualTo("200");
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    for (int i = 0; i < 3; i++) {
      breaker.call(() -> "503");
    }
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.metrics().failures()).isEqualTo(5);
  }

  @Test
  void slowCallsCountAsFailures() throws Exception {
    CircuitBreaker breaker =
        builder().consecutiveFailures(3).slowCallThreshold(Duration.ofSeconds(2)).build();
    for (int i = 0; i < 5; i++) {
      breaker.call(
          () -> {
            clock.advance(Duration.ofMillis(1_999));
            return "fast enough";
          });
    }
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    for (int i = 0; i < 3; i++) {
      assertThat(
              breaker.call(
                  () -> {
                    clock.advance(Duration.ofSeconds(2));
                    return "too slow";
                  }))
          .isEqualTo("too slow");
    }
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.metrics())
        .extracting(
            CircuitBreaker.Metrics::successes,
            CircuitBreaker.Metrics::failures,
            CircuitBreaker.Metrics::slowCalls)
        .containsExactly(5L, 3L, 3L);
  }

  @Test
  void eventsAreDeliveredInOrder() throws Exception {
    CircuitBreaker breaker = builder().consecutiveFailures(1).build();
    List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();
    breaker.onEvent(events::add);
    IOException boom = new IOException("boom");

    breaker.call(() -> "ok");
    assertThatThrownBy(() -> breaker.call(() -> thrower(boom))).isSameAs(boom);
    clock.advance(Duration.ofSeconds(10));
    assertThat(breaker.tryAcquirePermission()).isFalse();
    clock.advance(Duration.ofSeconds(20));
    breaker.call(() -> "probe");

    assertThat(events)
        .extracting(CircuitBreakerEvent::getClass)
        .containsExactly(
            CallSucceeded.class,
            CallFailed.class,
            StateTransition.class,
            CallRejected.class,
            StateTransition.class,
            CallSucceeded.class,
            StateTransition.class);
    assertThat(events).allSatisfy(e -> assertThat(e.breakerName()).isEqualTo("payments"));
    assertThat(((CallFailed) events.get(1)).failure()).isSameAs(boom);
    assertThat(events.get(2))
        .isEqualTo(
            new StateTransition(
                "payments", clock.now().minusSeconds(30), State.CLOSED, State.OPEN));
    assertThat(((CallRejected) events.get(3)).retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat((StateTransition) events.get(4))
        .extracting(StateTransition::from, StateTransition::to)
        .containsExactly(State.OPEN, State.HALF_OPEN);
    assertThat((StateTransition) events.get(6))
        .extracting(StateTransition::from, StateTransition::to)
        .containsExactly(State.HALF_OPEN, State.CLOSED);
  }

  @Test
  void manualTransitionsEmitEvents() {
    CircuitBreaker breaker = builder().build();
    List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();
    breaker.onEvent(events::add);
    breaker.forceOpen();
    breaker.forceOpen();
    breaker.disable();
    breaker.reset();
    assertThat(events)
        .map(e -> ((StateTransition) e).to())
        .containsExactly(State.FORCED_OPEN, State.DISABLED, State.CLOSED);
  }

  @Test
  void aThrowingListenerNeverBreaksTheCallNorOtherListeners() throws Exception {
    CircuitBreaker breaker = builder().consecutiveFailures(1).build();
    AtomicInteger seen = new AtomicInteger();
    breaker.onEvent(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    breaker.onEvent(e -> seen.incrementAndGet());

    assertThat(breaker.call(() -> "ok")).isEqualTo("ok");
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> breaker.call(() -> thrower(boom))).isSameAs(boom);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThatThrownBy(() -> breaker.call(() -> "x"))
        .isInstanceOf(CircuitBreakerOpenException.class);
    assertThat(seen).hasValue(4); // success, failure, transition, rejection
  }

  @Test
  void executeNeverThrows() {
    CircuitBreaker breaker = builder().consecutiveFailures(1).build();
    assertThat(breaker.execute(() -> "ok")).isEqualTo(new Outcome.Success<>("ok"));
    IOException boom = new IOException("boom");
    Outcome<String> failed = breaker.execute(() -> thrower(boom));
    assertThat(failed).isEqualTo(new Outcome.Failure<String>(boom));
    assertThat(failed.isSuccess()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    AtomicInteger invoked = new AtomicInteger();
    assertThat(breaker.execute(invoked::incrementAndGet))
        .isEqualTo(new Outcome.Rejected<Integer>("payments", Duration.ofSeconds(29)));
    assertThat(invoked).hasValue(0);
  }

  @Test
  void callAsyncRecordsOutcomesAndPassesTheOriginalException() throws Exception {
    CircuitBreaker breaker = builder().consecutiveFailures(2).build();
    assertThat(
            breaker
                .callAsync(() -> CompletableFuture.completedFuture("ok"))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS))
        .isEqualTo("ok");

    IOException boom = new IOException("boom");
    CompletableFuture<String> failing =
        breaker
            .callAsync(
                () ->
                    CompletableFuture.<String>supplyAsync(
                            () -> {
                              throw new IllegalStateException("wrapped", boom);
                            })
                        .thenApply(s -> s))
            .toCompletableFuture();
    assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasCause(boom);

    assertThat(
            breaker.callAsync(
                () -> {
                  throw new IllegalStateException("supplier threw");
                }))
        .isCompletedExceptionally();
    assertThat(breaker.state()).isEqualTo(State.OPEN);

    AtomicInteger invoked = new AtomicInteger();
    CompletableFuture<Integer> rejected =
        breaker
            .callAsync(() -> CompletableFuture.completedFuture(invoked.incrementAndGet()))
            .toCompletableFuture();
    assertThatThrownBy(() -> rejected.get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(CircuitBreakerOpenException.class);
    assertThat(invoked).hasValue(0);
  }

  @Test
  void callAsyncDoesNotBlockWhileTheStageIsPending() {
    CircuitBreaker breaker = builder().build();
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> result = breaker.callAsync(() -> pending).toCompletableFuture();
    assertThat(result).isNotDone();
    clock.advance(Duration.ofMillis(250));
    pending.complete("late");
    assertThat(result).isCompletedWithValue("late");
    assertThat(breaker.metrics().successes()).isEqualTo(1);
  }

  @Test
  void runRethrowsTheOwnExceptionUnchanged() {
    CircuitBreaker breaker = builder().build();
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                breaker.run(
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(breaker.metrics().failures()).isEqualTo(1);
  }

  @Test
  void aNewBreakerCanBeBuiltFromAChangedConfig() {
    CircuitBreaker first = builder().consecutiveFailures(3).build();
    CircuitBreakerConfig changed =
        first.config().toBuilder().cooldown(Duration.ofSeconds(5)).buildConfig();
    CircuitBreaker second = CircuitBreaker.of(changed);
    assertThat(second.config().failureThreshold()).isEqualTo(3);
    assertThat(second.config().cooldown()).isEqualTo(Duration.ofSeconds(5));
    assertThat(second.config().clock()).isSameAs(clock);
    assertThat(second.name()).isEqualTo("payments");
    assertThat(second.state()).isEqualTo(State.CLOSED);
  }
}
