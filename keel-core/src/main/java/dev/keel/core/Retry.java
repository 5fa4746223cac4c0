package dev.keel.core;

import dev.keel.core.internal.DefaultRetry;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries a failed call with exponential backoff and jitter: {@code delay = min(base × 2^attempt +
 * jitter, max)} (see {@link Backoff}), up to {@code maxAttempts} attempts in total.
 *
 * <pre>{@code
 * Retry retry = Retry.builder("inventory").maxAttempts(3).backoff(ofMillis(200), ofSeconds(5)).build();
 * Stock stock = retry.call(() -> inventory.lookup(sku));
 * }</pre>
 *
 * <h2>What is retried</h2>
 *
 * <ul>
 *   <li>An attempt that throws an exception accepted by {@link RetryConfig#retryOn()} [every {@link
 *       Exception}]. {@link Error}s and {@link InterruptedException} are never retried.
 *   <li>An attempt whose result is accepted by {@link RetryConfig#retryOnResult()} [none].
 * </ul>
 *
 * <p>When the attempts run out, or the shared {@link RetryBudget} refuses a retry, the last failure
 * is rethrown unchanged (or, for a result-based retry, the last result is returned); the number of
 * attempts is in the {@link RetryEvent}s. A failure the predicate does not accept is rethrown at
 * once.
 *
 * <h2>Waiting</h2>
 *
 * <p>Before retry number {@code n} (0-based) the delay is {@code backoff.delay(n, previous)}. When
 * the failure (or one of its causes) implements {@link RetryAfterHint}, the delay is {@code
 * max(backoff delay, min(hint, maxRetryAfter))}: never sooner than the other side asked (up to
 * {@code maxRetryAfter}, by default the backoff's max), never sooner than our own backoff. {@link
 * #call(Callable)} waits on the calling thread through the configured {@link Sleeper} (a virtual
 * thread is the intended caller); {@link #callAsync(Supplier)} never blocks: it schedules the next
 * attempt on the configured {@link java.util.concurrent.ScheduledExecutorService}. The default,
 * Keel's shared timer, starts each later attempt on a new virtual thread; a scheduler of your own
 * invokes the supplier on its thread (so with one, the supplier must only start work, not block).
 *
 * <p>A call whose first attempt succeeds allocates nothing beyond the call itself: no event objects
 * unless a listener is registered, no per-call state.
 *
 * <p>Instances are thread-safe and may be shared. Configuration is immutable; to reconfigure, build
 * a new instance from {@link RetryConfig#toBuilder()}.
 */
public interface Retry extends Policy {

  /** A builder with the defaults of {@link RetryConfig}. */
  static RetryBuilder builder(String name) {
    return new RetryBuilder(name);
  }

  /** A retry with every default: 5 attempts in total, base 5 s, max 5 min, ±25 % jitter. */
  static Retry ofDefaults(String name) {
    return builder(name).build();
  }

  /** A new retry with {@code config}. */
  static Retry of(RetryConfig config) {
    return new DefaultRetry(config);
  }

  /** The name given at construction; used in events and logs. */
  String name();

  /** The immutable configuration. */
  RetryConfig config();

  /** Counters since construction. */
  Metrics metrics();

  /**
   * {@inheritDoc}
   *
   * @throws Exception the last attempt's exception, unchanged, when retries are exhausted, refused
   *     by the budget, or the exception is not retryable
   * @throws InterruptedException when the thread is interrupted while waiting between attempts (the
   *     last failure is attached as suppressed)
   */
  @Override
  <T> T call(Callable<T> call) throws Exception;

  /**
   * {@inheritDoc}
   *
   * <p>The returned stage completes with the first successful attempt's result, or exceptionally
   * with the last attempt's exception (unwrapped from {@link
   * java.util.concurrent.CompletionException}). Cancelling it stops further attempts.
   */
  @Override
  <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage);

  /**
   * Adds a listener for every event of this retry. Listeners run on the thread that caused the
   * event, must be fast and must not block; an exception thrown by a listener is logged and
   * otherwise ignored.
   */
  void onEvent(Consumer<? super RetryEvent> listener);

  /**
   * Counters since construction, one per finished call except {@code retries}; not read atomically
   * together.
   *
   * @param succeededWithoutRetry calls whose first attempt succeeded
   * @param succeededAfterRetry calls that succeeded after at least one retry
   * @param failedWithoutRetry calls that failed after one attempt (not retryable, no attempts left,
   *     or refused by the budget)
   * @param failedAfterRetry calls that failed after at least one retry
   * @param retries retries scheduled, over all calls
   * @param budgetExhausted calls that stopped because the budget refused a retry
   */
  record Metrics(
      long succeededWithoutRetry,
      long succeededAfterRetry,
      long failedWithoutRetry,
      long failedAfterRetry,
      long retries,
      long budgetExhausted) {}
}
