package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The order of a {@link Pipeline} and why it matters, each scenario in the blocking and the
 * asynchronous form. Time is manual: blocking retries wait through a {@link RecordingSleeper},
 * asynchronous ones through an {@link AdvancingScheduler}, both moving the same clock.
 */
class PipelineTest {

  private final ManualClock clock = new ManualClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final AdvancingScheduler scheduler = new AdvancingScheduler(clock);
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private Retry retry(int maxAttempts) {
    return Retry.builder("retry")
        .maxAttempts(maxAttempts)
        .backoff(Duration.ofMillis(100), Duration.ofMinutes(1))
        .jitter(Jitter.NONE)
        .sleeper(sleeper)
        .scheduler(scheduler)
        .build();
  }

  private CircuitBreakerBuilder breaker(int failures) {
    return CircuitBreaker.builder("dependency")
        .consecutiveFailures(failures)
        .cooldown(Duration.ofSeconds(10))
        .clock(clock);
  }

  private List<Duration> waits(Mode mode) {
    return mode == Mode.SYNC ? sleeper.delays() : scheduler.delays();
  }

  private Callable<String> failing() {
    return () -> {
      calls.incrementAndGet();
      throw new IOException("dependency failed");
    };
  }

  private Callable<String> ok() {
    return () -> {
      calls.incrementAndGet();
      return "ok";
    };
  }

  @Test
  void theOrderIsKeelsWhateverTheOrderOfTheBuilderCalls() {
    Fallback<String> fallback = Fallback.of("fallback");
    Retry retry = retry(3);
    CircuitBreaker breaker = breaker(5).build();
    RateLimiter limiter = RateLimiter.perSecond("limiter", 10);
    Bulkhead bulkhead = Bulkhead.ofDefaults("bulkhead");
    Timeout timeout = Timeout.of(Duration.ofSeconds(1));
    Policy first = new Recording("first", new CopyOnWriteArrayList<>());
    Policy second = new Recording("second", new CopyOnWriteArrayList<>());
    FaultInjection chaos = FaultInjection.builder("chaos").rate(0).build();

    Pipeline backwards =
        Pipeline.builder()
            .faultInjection(chaos)
            .custom(first)
            .timeout(timeout)
            .bulkhead(bulkhead)
            .custom(second)
            .rateLimiter(limiter)
            .circuitBreaker(breaker)
            .retry(retry)
            .fallback(fallback)
            .build();
    Pipeline shuffled =
        Pipeline.builder()
            .bulkhead(bulkhead)
            .retry(retry)
            .custom(first)
            .faultInjection(chaos)
            .fallback(fallback)
            .timeout(timeout)
            .circuitBreaker(breaker)
            .custom(second)
            .rateLimiter(limiter)
            .build();

    List<Policy> expected =
        List.of(fallback, retry, breaker, limiter, bulkhead, timeout, first, second, chaos);
    assertThat(backwards.policies()).containsExactlyElementsOf(expected);
    assertThat(shuffled.policies()).containsExactlyElementsOf(expected);
    assertThat(backwards.circuitBreaker()).containsSame(breaker);
    assertThat(backwards.custom()).containsExactly(first, second);
    assertThat(backwards.toString()).startsWith("Pipeline[Fallback[fallback] -> Retry[retry");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theBreakerRecordsEveryRetryAttempt(Mode mode) {
    Retry retry = retry(3);
    CircuitBreaker breaker = breaker(10).build();
    Pipeline pipeline = Pipeline.builder().circuitBreaker(breaker).retry(retry).build();

    assertThatThrownBy(() -> mode.call(pipeline, failing())).isInstanceOf(IOException.class);

    assertThat(calls).hasValue(3);
    assertThat(breaker.metrics().failures()).isEqualTo(3);
    assertThat(retry.metrics().failedAfterRetry()).isEqualTo(1);
    assertThat(waits(mode)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anOpenBreakersRemainingCooldownShapesTheRetryDelay(Mode mode) throws Exception {
    // Given a breaker that opens on one failure, behind a retry with a 100 ms backoff
    CircuitBreaker breaker = breaker(1).build();
    Pipeline pipeline = Pipeline.builder().retry(retry(3)).circuitBreaker(breaker).build();

    // When the first attempt fails, the second is refused by the open breaker, the third probes
    String result = mode.call(pipeline, () -> calls.incrementAndGet() == 1 ? fail() : "recovered");

    // Then the retry waited out the breaker's remaining cooldown before the third attempt
    assertThat(result).isEqualTo("recovered");
    assertThat(calls).hasValue(2);
    assertThat(waits(mode)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(9_900));
    assertThat(breaker.metrics().rejected()).isEqualTo(1);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  private static String fail() throws IOException {
    throw new IOException("first attempt fails");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFullBulkheadIsNotRecordedAsAFailureOfTheDependency(Mode mode) throws Exception {
    CircuitBreaker breaker = breaker(1).build();
    Bulkhead bulkhead = Bulkhead.builder("bulkhead").maxConcurrent(1).build();
    Pipeline pipeline = Pipeline.builder().circuitBreaker(breaker).bulkhead(bulkhead).build();
    CompletableFuture<String> holder = new CompletableFuture<>();
    bulkhead.callAsync(() -> holder); // takes the only permit until completed

    assertThatThrownBy(() -> mode.call(pipeline, ok())).isInstanceOf(BulkheadFullException.class);

    assertThat(calls).hasValue(0);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.metrics().failures()).isZero();
    assertThat(breaker.metrics().successes()).isZero();
    assertThat(breaker.metrics().ignored()).isEqualTo(1);

    holder.complete("done");
    assertThat(mode.call(pipeline, ok())).isEqualTo("ok");
    assertThat(breaker.metrics().successes()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anEmptyRateLimiterIsNotRecordedAsAFailureOfTheDependency(Mode mode) {
    CircuitBreaker breaker = breaker(1).build();
    RateLimiter limiter =
        RateLimiter.builder("limiter")
            .capacity(1)
            .refill(1, Duration.ofHours(1))
            .clock(clock)
            .build();
    Pipeline pipeline = Pipeline.builder().rateLimiter(limiter).circuitBreaker(breaker).build();
    assertThat(limiter.tryAcquire()).isTrue(); // the bucket is empty now

    assertThatThrownBy(() -> mode.call(pipeline, ok())).isInstanceOf(RateLimitedException.class);

    assertThat(calls).hasValue(0);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.metrics().ignored()).isEqualTo(1);
    assertThat(breaker.metrics().failures()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aHalfOpenProbeRefusedLocallyLeavesTheProbeToTheNextCall(Mode mode) throws Exception {
    // Given an open breaker whose cooldown has passed, and a full bulkhead behind it
    CircuitBreaker breaker = breaker(1).build();
    Bulkhead bulkhead = Bulkhead.builder("bulkhead").maxConcurrent(1).build();
    Pipeline pipeline = Pipeline.builder().circuitBreaker(breaker).bulkhead(bulkhead).build();
    assertThatThrownBy(() -> mode.call(pipeline, failing())).isInstanceOf(IOException.class);
    clock.advance(Duration.ofSeconds(10));
    CompletableFuture<String> holder = new CompletableFuture<>();
    bulkhead.callAsync(() -> holder);

    // When the probe is refused by the bulkhead, the breaker neither closes nor re-opens
    assertThatThrownBy(() -> mode.call(pipeline, ok())).isInstanceOf(BulkheadFullException.class);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

    // Then the next call is the real probe, and its success closes the breaker
    holder.complete("done");
    assertThat(mode.call(pipeline, ok())).isEqualTo("ok");
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theFallbackAnswersAnOpenBreakerAfterEveryAttemptWasRefused(Mode mode) throws Exception {
    CircuitBreaker breaker = breaker(5).build();
    breaker.forceOpen();
    Pipeline pipeline =
        Pipeline.builder()
            .circuitBreaker(breaker)
            .fallback(Fallback.of("cached"))
            .retry(retry(2))
            .build();

    assertThat(mode.call(pipeline, ok())).isEqualTo("cached");

    assertThat(calls).hasValue(0);
    assertThat(breaker.metrics().rejected()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void eachAttemptGetsItsOwnTimeoutAndSeesItsDeadline(Mode mode) throws Exception {
    // Given a 200 ms timeout inside a retry of three attempts
    CircuitBreaker breaker = breaker(10).build();
    Pipeline pipeline =
        Pipeline.builder()
            .retry(retry(3))
            .timeout(Timeout.of(Duration.ofMillis(200)))
            .circuitBreaker(breaker)
            .build();

    // When the first two attempts hang and the third answers with the deadline it sees
    Optional<Duration> seen =
        switch (mode) {
          case SYNC ->
              pipeline.call(
                  () -> {
                    if (calls.incrementAndGet() < 3) {
                      new CountDownLatch(1).await(); // hangs until the timeout interrupts it
                    }
                    return Deadline.remaining();
                  });
          case ASYNC ->
              pipeline
                  .callAsync(
                      () ->
                          calls.incrementAndGet() < 3
                              ? new CompletableFuture<Optional<Duration>>() // never completes
                              : CompletableFuture.completedFuture(Deadline.remaining()))
                  .toCompletableFuture()
                  .get(30, TimeUnit.SECONDS);
        };

    // Then the timeouts were per attempt (the whole call did not time out), and the breaker saw
    // them
    assertThat(seen)
        .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(200)));
    assertThat(calls).hasValue(3);
    assertThat(breaker.metrics().failures()).isEqualTo(2);
    assertThat(breaker.metrics().successes()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anInjectedFaultLooksToEveryPolicyLikeTheDependencysOwnFailure(Mode mode) {
    CircuitBreaker breaker = breaker(2).build();
    FaultInjection chaos = FaultInjection.builder("chaos").fault(Fault.failure()).rate(1.0).build();
    Pipeline pipeline =
        Pipeline.builder().faultInjection(chaos).circuitBreaker(breaker).retry(retry(2)).build();

    assertThatThrownBy(() -> mode.call(pipeline, ok())).isInstanceOf(InjectedFaultException.class);

    assertThat(calls).hasValue(0);
    assertThat(breaker.metrics().failures()).isEqualTo(2);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void customPoliciesRunOncePerAttemptInsideTheTimeoutInTheOrderAdded(Mode mode) throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    Recording outer = new Recording("outer", order);
    Recording inner = new Recording("inner", order);
    Pipeline pipeline =
        Pipeline.builder()
            .custom(outer)
            .retry(retry(3))
            .custom(inner)
            .timeout(Timeout.of(Duration.ofSeconds(30)))
            .build();

    String result = mode.call(pipeline, () -> calls.incrementAndGet() < 3 ? fail() : "third");

    assertThat(result).isEqualTo("third");
    assertThat(outer.log).containsExactly("outer", "outer", "outer");
    assertThat(outer.deadlines).allMatch(Optional::isPresent);
    assertThat(order).containsExactly("outer", "inner", "outer", "inner", "outer", "inner");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anEmptyPipelineJustRunsTheCall(Mode mode) throws Exception {
    Pipeline empty = Pipeline.empty();
    assertThat(empty.policies()).isEmpty();
    assertThat(mode.call(empty, ok())).isEqualTo("ok");
    assertThatThrownBy(() -> mode.call(empty, failing())).isInstanceOf(IOException.class);
    assertThat(empty).hasToString("Pipeline[call]");
  }

  @Test
  void aPositionSetTwiceFailsNamingIt() {
    PipelineBuilder builder = Pipeline.builder().retry(Retry.ofDefaults("first"));
    assertThatThrownBy(() -> builder.retry(Retry.ofDefaults("second")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("retry was already set to Retry[first")
        .hasMessageContaining("Retry[second");
    assertThatThrownBy(() -> Pipeline.builder().timeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }

  @Test
  void asyncFailuresAreUnwrapped() {
    Pipeline pipeline = Pipeline.builder().retry(retry(1)).build();
    CompletableFuture<String> result =
        pipeline
            .callAsync(
                () ->
                    CompletableFuture.<String>supplyAsync(
                            () -> {
                              throw new ArithmeticException("boom");
                            })
                        .thenApply(s -> s))
            .toCompletableFuture();
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ArithmeticException.class);
  }

  /** A custom policy that records each attempt it wraps and the deadline it sees. */
  private static final class Recording implements Policy {
    final String name;
    final List<String> order;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Optional<Duration>> deadlines = new CopyOnWriteArrayList<>();

    Recording(String name, List<String> order) {
      this.name = name;
      this.order = order;
    }

    private void record() {
      log.add(name);
      order.add(name);
      deadlines.add(Deadline.remaining());
    }

    @Override
    public <T> T call(Callable<T> call) throws Exception {
      record();
      return call.call();
    }

    @Override
    public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
      record();
      return stage.get();
    }

    @Override
    public String toString() {
      return "Recording[" + name + "]";
    }
  }
}
