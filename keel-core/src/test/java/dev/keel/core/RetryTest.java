package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.RetryEvent.BudgetExhausted;
import dev.keel.core.RetryEvent.Exhausted;
import dev.keel.core.RetryEvent.NotRetryable;
import dev.keel.core.RetryEvent.RetryScheduled;
import dev.keel.core.RetryEvent.Succeeded;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every retry scenario runs both ways (Failsafe style): blocking, with a {@link RecordingSleeper}
 * that never waits, and asynchronous, on a real scheduler with millisecond backoff and attempts
 * that complete on other threads.
 */
class RetryTest {

  enum Form {
    SYNC,
    ASYNC
  }

  private static ScheduledExecutorService scheduler;
  private static ExecutorService attemptThreads;

  private final ManualClock clock = new ManualClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final List<RetryEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startThreads() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    attemptThreads = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterAll
  static void stopThreads() {
    scheduler.shutdownNow();
    attemptThreads.shutdownNow();
  }

  /** Millisecond backoff without jitter: 1, 2, 4, 4, ... ms. */
  private RetryBuilder builder() {
    return Retry.builder("inventory")
        .backoff(Duration.ofMillis(1), Duration.ofMillis(4))
        .jitter(Jitter.NONE)
        .sleeper(sleeper)
        .scheduler(scheduler);
  }

  private Retry build(RetryBuilder builder) {
    Retry retry = builder.build();
    retry.onEvent(events::add);
    return retry;
  }

  /** Runs {@code attempt} under {@code retry} in the given form; async failures are unwrapped. */
  private static <T> T run(Retry retry, Form form, Callable<T> attempt) throws Exception {
    if (form == Form.SYNC) {
      return retry.call(attempt);
    }
    CompletableFuture<T> result =
        retry
            .callAsync(
                () ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            return attempt.call();
                          } catch (Exception e) {
                            throw new CompletionException(e);
                          }
                        },
                        attemptThreads))
            .toCompletableFuture();
    try {
      return result.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (Exception) e.getCause();
    }
  }

  /** Attempts that follow a script: an exception is thrown, anything else returned. */
  private static final class Script implements Callable<Object> {
    private final List<Object> steps;
    private final AtomicInteger calls = new AtomicInteger();

    Script(Object... steps) {
      this.steps = List.of(steps);
    }

    @Override
    public Object call() throws Exception {
      int n = calls.getAndIncrement();
      Object step = steps.get(Math.min(n, steps.size() - 1));
      if (step instanceof Exception e) {
        throw e;
      }
      return step;
    }

    int calls() {
      return calls.get();
    }
  }

  private List<Duration> scheduledDelays() {
    return events.stream()
        .filter(RetryScheduled.class::isInstance)
        .map(e -> ((RetryScheduled) e).delay())
        .toList();
  }

  private void assertSleptFor(Form form, Duration... delays) {
    assertThat(scheduledDelays()).containsExactly(delays);
    if (form == Form.SYNC) {
      assertThat(sleeper.delays()).containsExactly(delays);
    } else {
      assertThat(sleeper.delays()).as("async never uses the sleeper").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void succeedsAfterTransientFailures(Form form) throws Exception {
    Retry retry = build(builder());
    Script script = new Script(new IOException("1"), new IOException("2"), "stock");

    assertThat(run(retry, form, script)).isEqualTo("stock");

    assertThat(script.calls()).isEqualTo(3);
    assertSleptFor(form, Duration.ofMillis(1), Duration.ofMillis(2));
    assertThat(events.getLast()).isEqualTo(new Succeeded("inventory", 3));
    assertThat(retry.metrics()).isEqualTo(new Retry.Metrics(0, 1, 0, 0, 2, 0));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void exhaustedRethrowsTheLastFailureUnchanged(Form form) {
    Retry retry = build(builder().maxAttempts(4));
    IOException last = new IOException("4");
    Script script =
        new Script(new IOException("1"), new IOException("2"), new IOException("3"), last);

    assertThatThrownBy(() -> run(retry, form, script)).isSameAs(last);

    assertThat(script.calls()).isEqualTo(4);
    assertSleptFor(form, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4));
    assertThat(events.getLast()).isEqualTo(new Exhausted("inventory", 4, last));
    assertThat(retry.metrics().failedAfterRetry()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void defaultsToFiveAttemptsInTotal(Form form) {
    Retry retry = build(builder());
    Script script = new Script(new IOException("always"));
    assertThatThrownBy(() -> run(retry, form, script)).isInstanceOf(IOException.class);
    assertThat(script.calls()).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void oneAttemptMeansNoRetry(Form form) {
    Retry retry = build(builder().maxAttempts(1));
    Script script = new Script(new IOException("once"));
    assertThatThrownBy(() -> run(retry, form, script)).hasMessage("once");
    assertThat(script.calls()).isEqualTo(1);
    assertSleptFor(form);
    assertThat(retry.metrics().failedWithoutRetry()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void exceptionsTheRetryOnPredicateRefusesAreRethrownAtOnce(Form form) {
    Retry retry = build(builder().retryOn(e -> e instanceof IOException));
    IllegalArgumentException badInput = new IllegalArgumentException("bad sku");
    Script script = new Script(new IOException("1"), badInput, "never reached");

    assertThatThrownBy(() -> run(retry, form, script)).isSameAs(badInput);

    assertThat(script.calls()).isEqualTo(2);
    assertThat(events.getLast()).isEqualTo(new NotRetryable("inventory", 2, badInput));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void errorsAreNeverRetried(Form form) {
    Retry retry = build(builder().retryOn(e -> true));
    AssertionError error = new AssertionError("bug");
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                run(
                    retry,
                    form,
                    () -> {
                      calls.incrementAndGet();
                      throw error;
                    }))
        .isSameAs(error);
    assertThat(calls).hasValue(1);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void resultsMatchingThePredicateAreRetried(Form form) throws Exception {
    Retry retry = build(builder().retryOnResult(r -> "busy".equals(r)));
    Script script = new Script("busy", "busy", "done");
    assertThat(run(retry, form, script)).isEqualTo("done");
    assertThat(script.calls()).isEqualTo(3);
    assertThat(events)
        .filteredOn(RetryScheduled.class::isInstance)
        .allSatisfy(e -> assertThat(((RetryScheduled) e).cause()).isNull());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void whenResultRetriesRunOutTheLastResultIsReturned(Form form) throws Exception {
    Retry retry = build(builder().maxAttempts(3).retryOnResult(r -> r instanceof Integer));
    AtomicInteger calls = new AtomicInteger();
    assertThat(run(retry, form, calls::incrementAndGet)).isEqualTo(3);
    assertThat(events.getLast()).isEqualTo(new Exhausted("inventory", 3, null));
  }

  /** An exception carrying a Retry-After hint, like an HTTP 429 answer. */
  static final class TooManyRequests extends Exception implements RetryAfterHint {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    TooManyRequests(Duration retryAfter) {
      super("429, retry after " + retryAfter);
      this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfterHint() {
      return Optional.of(retryAfter);
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aRetryAfterHintLongerThanTheBackoffIsHonoured(Form form) throws Exception {
    Retry retry = build(builder().maxRetryAfter(Duration.ofMillis(50)));
    Script script =
        new Script(
            new TooManyRequests(Duration.ofMillis(30)),
            new IOException("wrapped", new TooManyRequests(Duration.ofMillis(20))),
            new CircuitBreakerOpenException(
                "downstream", CircuitBreaker.State.OPEN, Duration.ofMillis(10)),
            "ok");
    assertThat(run(retry, form, script)).isEqualTo("ok");
    assertSleptFor(form, Duration.ofMillis(30), Duration.ofMillis(20), Duration.ofMillis(10));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aHintIsCappedByMaxRetryAfterAndNeverShortensTheBackoff(Form form) throws Exception {
    Retry retry = build(builder().maxRetryAfter(Duration.ofMillis(20)));
    Script script =
        new Script(
            new TooManyRequests(Duration.ofHours(1)),
            new TooManyRequests(Duration.ZERO),
            new CircuitBreakerOpenException(
                "downstream", CircuitBreaker.State.HALF_OPEN, Duration.ZERO),
            "ok");
    assertThat(run(retry, form, script)).isEqualTo("ok");
    assertSleptFor(form, Duration.ofMillis(20), Duration.ofMillis(2), Duration.ofMillis(4));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void theBudgetStopsRetriesAndSaysSo(Form form) {
    RetryBudget budget = RetryBudget.of(4, 0.5);
    Retry retry = build(builder().maxAttempts(10).budget(budget));
    IOException down = new IOException("down");
    Script script = new Script(down);

    assertThatThrownBy(() -> run(retry, form, script)).isSameAs(down);

    // 4 tokens, retries only while more than 2 remain: failures take 4 -> 3 (retry), 3 -> 2 (stop).
    assertThat(script.calls()).isEqualTo(2);
    assertThat(events.getLast()).isEqualTo(new BudgetExhausted("inventory", 2, down));
    assertThat(retry.metrics().budgetExhausted()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aThrowingListenerDoesNotBreakTheCall(Form form) throws Exception {
    Retry retry = builder().build();
    retry.onEvent(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    retry.onEvent(events::add);
    Script script = new Script(new IOException("1"), "ok");
    assertThat(run(retry, form, script)).isEqualTo("ok");
    assertThat(events).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void runRethrowsTheLastFailure(Form form) {
    Retry retry = build(builder().maxAttempts(2));
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicInteger calls = new AtomicInteger();
    Policy.ThrowingRunnable task =
        () -> {
          calls.incrementAndGet();
          throw boom;
        };
    if (form == Form.SYNC) {
      assertThatThrownBy(() -> retry.run(task)).isSameAs(boom);
    } else {
      assertThatThrownBy(
              () ->
                  run(
                      retry,
                      form,
                      () -> {
                        task.run();
                        return null;
                      }))
          .isSameAs(boom);
    }
    assertThat(calls).hasValue(2);
  }
}
