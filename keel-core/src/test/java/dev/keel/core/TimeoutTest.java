package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimeoutTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Blocks until interrupted, and records that it saw the interrupt. */
  private static Callable<String> blockUntilInterrupted(AtomicBoolean sawInterrupt) {
    return () -> {
      try {
        new CountDownLatch(1).await();
        return "never";
      } catch (InterruptedException e) {
        sawInterrupt.set(true);
        throw e;
      }
    };
  }

  @Test
  void givenABlockingCallWhenTheTimeoutExpiresThenTheCallIsInterruptedAndTheCallerGetsTheLimit() {
    Timeout timeout = Timeout.builder("slow-db").timeout(Duration.ofMillis(50)).build();
    AtomicBoolean sawInterrupt = new AtomicBoolean();

    assertThatThrownBy(() -> timeout.call(blockUntilInterrupted(sawInterrupt)))
        .isInstanceOfSatisfying(
            TimeoutExceededException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(Duration.ofMillis(50));
              assertThat(e.configured()).isEqualTo(Duration.ofMillis(50));
              assertThat(e.timeoutName()).isEqualTo("slow-db");
            });
    await().atMost(PATIENCE).untilTrue(sawInterrupt);
  }

  @Test
  void givenAnAsyncCallWhenTheTimeoutExpiresThenItsStageIsCancelled() {
    Timeout timeout = Timeout.builder("slow-api").timeout(Duration.ofMillis(50)).build();
    CompletableFuture<String> work = new CompletableFuture<>();

    CompletionStage<String> stage = timeout.callAsync(() -> work);

    assertThat(stage.toCompletableFuture())
        .failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            TimeoutExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Duration.ofMillis(50)));
    assertThat(work).isCancelled();
  }

  @Test
  void anAsyncStageRunningOnAThreadIsInterruptedThroughItsCancellation() {
    Timeout timeout = Timeout.builder("slow-api").timeout(Duration.ofMillis(50)).build();
    AtomicBoolean sawInterrupt = new AtomicBoolean();

    CompletionStage<String> stage =
        timeout.callAsync(
            () -> {
              java.util.concurrent.FutureTask<String> task =
                  new java.util.concurrent.FutureTask<>(blockUntilInterrupted(sawInterrupt));
              Thread.ofVirtual().start(task);
              CompletableFuture<String> view =
                  new CompletableFuture<>() {
                    @Override
                    public boolean cancel(boolean mayInterruptIfRunning) {
                      task.cancel(mayInterruptIfRunning);
                      return super.cancel(mayInterruptIfRunning);
                    }
                  };
              return view;
            });

    assertThat(stage.toCompletableFuture()).failsWithin(PATIENCE);
    await().atMost(PATIENCE).untilTrue(sawInterrupt);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCallThatFinishesInTimeReturnsItsResultOrItsOwnFailure(Mode mode) throws Exception {
    Timeout timeout = Timeout.of(Duration.ofMinutes(1));
    IllegalStateException boom = new IllegalStateException("boom");

    assertThat(mode.call(timeout, () -> "fast")).isEqualTo("fast");
    assertThatThrownBy(
            () ->
                mode.call(
                    timeout,
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theWorkSeesItsDeadline(Mode mode) throws Exception {
    ManualClock clock = new ManualClock();
    Timeout timeout = Timeout.builder("t").timeout(Duration.ofSeconds(30)).clock(clock).build();

    Optional<Duration> seen = mode.call(timeout, Deadline::remaining);

    assertThat(seen).contains(Duration.ofSeconds(30));
    assertThat(Deadline.remaining()).as("the caller has no deadline afterwards").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenAnOuterDeadlineWhenAnInnerTimeoutIsLongerThenTheInnerGetsOnlyWhatIsLeft(Mode mode)
      throws Exception {
    ManualClock clock = new ManualClock();
    Timeout outer = Timeout.builder("outer").timeout(Duration.ofSeconds(60)).clock(clock).build();
    Timeout inner = Timeout.builder("inner").timeout(Duration.ofSeconds(10)).clock(clock).build();
    List<TimeoutEvent> events = new CopyOnWriteArrayList<>();
    inner.onEvent(events::add);

    Optional<Duration> seen =
        mode.call(
            outer,
            () -> {
              clock.advance(Duration.ofMillis(59_800));
              return mode.call(inner, Deadline::remaining);
            });

    assertThat(seen).contains(Duration.ofMillis(200));
    assertThat(events)
        .containsExactly(
            new TimeoutEvent.DeadlineInherited(
                "inner", Duration.ofSeconds(10), Duration.ofMillis(200)));
  }

  @Test
  void givenAnOuterDeadlineWhenTheInnerCallHangsThenItIsCutOffAtTheOuterRemainder() {
    ManualClock clock = new ManualClock();
    Timeout outer = Timeout.builder("outer").timeout(Duration.ofSeconds(60)).clock(clock).build();
    Timeout inner = Timeout.builder("inner").timeout(Duration.ofSeconds(10)).clock(clock).build();
    AtomicBoolean sawInterrupt = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                outer.call(
                    () -> {
                      clock.advance(Duration.ofMillis(59_800));
                      return inner.call(blockUntilInterrupted(sawInterrupt));
                    }))
        .isInstanceOfSatisfying(
            TimeoutExceededException.class,
            e -> {
              assertThat(e.timeoutName()).isEqualTo("inner");
              assertThat(e.limit()).isEqualTo(Duration.ofMillis(200));
              assertThat(e.configured()).isEqualTo(Duration.ofSeconds(10));
              assertThat(e).hasMessageContaining("outer deadline");
            });
    await().atMost(PATIENCE).untilTrue(sawInterrupt);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenAnExpiredOuterDeadlineThenTheInnerCallFailsAtOnceWithoutStarting(Mode mode) {
    ManualClock clock = new ManualClock();
    Timeout outer = Timeout.builder("outer").timeout(Duration.ofSeconds(60)).clock(clock).build();
    Timeout inner = Timeout.builder("inner").timeout(Duration.ofSeconds(10)).clock(clock).build();
    AtomicBoolean innerStarted = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                mode.call(
                    outer,
                    () -> {
                      clock.advance(Duration.ofSeconds(61));
                      return mode.call(inner, () -> innerStarted.getAndSet(true));
                    }))
        .isInstanceOfSatisfying(
            TimeoutExceededException.class, e -> assertThat(e.limit()).isEqualTo(Duration.ZERO));
    assertThat(innerStarted).isFalse();
  }

  @Test
  void aShorterInnerTimeoutKeepsItsOwnLimit() throws Exception {
    ManualClock clock = new ManualClock();
    Timeout outer = Timeout.builder("outer").timeout(Duration.ofSeconds(60)).clock(clock).build();
    Timeout inner = Timeout.builder("inner").timeout(Duration.ofSeconds(5)).clock(clock).build();

    Optional<Duration> seen = outer.call(() -> inner.call(Deadline::remaining));

    assertThat(seen).contains(Duration.ofSeconds(5));
  }

  @Test
  void deadlinePropagatesToWorkHandedToAnotherThread() throws Exception {
    ManualClock clock = new ManualClock();
    Deadline deadline = Deadline.after(Duration.ofSeconds(3), clock);

    Callable<Optional<Duration>> handedOver =
        deadline.call(() -> Deadline.propagate(Deadline::remaining));
    CompletableFuture<Optional<Duration>> onOtherThread = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                onOtherThread.complete(handedOver.call());
              } catch (Exception e) {
                onOtherThread.completeExceptionally(e);
              }
            });

    assertThat(onOtherThread.get(30, TimeUnit.SECONDS)).contains(Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(5));
    assertThat(deadline.isExpired()).isTrue();
    assertThat(deadline.timeLeft()).isEqualTo(Duration.ZERO);
    assertThat(Deadline.propagate(Deadline::remaining).call()).isEmpty();
  }

  @Test
  void aNestedDeadlineNeverExtendsTheOuterOne() throws Exception {
    ManualClock clock = new ManualClock();

    Optional<Duration> seen =
        Deadline.after(Duration.ofSeconds(1), clock)
            .call(() -> Deadline.after(Duration.ofHours(1), clock).call(Deadline::remaining));

    assertThat(seen).contains(Duration.ofSeconds(1));
    assertThatThrownBy(() -> Deadline.after(Duration.ofSeconds(-1), clock))
        .hasMessageContaining("budget must not be negative");
  }

  @Test
  void listenersHearOfTimeoutsAndAThrowingListenerBreaksNothing() {
    Timeout timeout = Timeout.builder("t").timeout(Duration.ofMillis(20)).build();
    List<TimeoutEvent> events = new CopyOnWriteArrayList<>();
    timeout.onEvent(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    timeout.onEvent(events::add);

    assertThatThrownBy(() -> timeout.call(blockUntilInterrupted(new AtomicBoolean())))
        .isInstanceOf(TimeoutExceededException.class);
    assertThat(timeout.callAsync(CompletableFuture::new).toCompletableFuture())
        .failsWithin(PATIENCE);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(events)
                    .containsExactly(
                        new TimeoutEvent.TimedOut("t", Duration.ofMillis(20)),
                        new TimeoutEvent.TimedOut("t", Duration.ofMillis(20))));
  }

  @Test
  void badConfigurationNamesTheField() {
    assertThatThrownBy(() -> Timeout.builder("t").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive, was null");
    assertThatThrownBy(() -> Timeout.of(Duration.ZERO))
        .hasMessageContaining("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> Timeout.of(Duration.ofSeconds(-2)))
        .hasMessageContaining("timeout must be positive, was PT-2S");
    assertThatThrownBy(() -> Timeout.builder(null).timeout(Duration.ofSeconds(1)).build())
        .hasMessageContaining("name must not be blank");
  }
}
