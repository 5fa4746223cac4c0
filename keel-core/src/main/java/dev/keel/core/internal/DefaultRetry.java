package dev.keel.core.internal;

import dev.keel.core.Backoff;
import dev.keel.core.Retry;
import dev.keel.core.RetryAfterHint;
import dev.keel.core.RetryBudget;
import dev.keel.core.RetryConfig;
import dev.keel.core.RetryEvent;
import dev.keel.core.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry behind {@link Retry#of}. The decisions (retryable? attempts left? budget? how long to
 * wait?) live here and are shared by the blocking loop in {@link #call} and the asynchronous {@link
 * AsyncRetryExecution}, so both forms behave the same. Per-call state ({@link Attempts}) is created
 * only when a first attempt fails, which keeps the first-attempt success path allocation-free.
 */
public final class DefaultRetry implements Retry {

  private static final Logger log = LoggerFactory.getLogger(DefaultRetry.class);

  private final RetryConfig config;
  private final String name;
  private final int maxAttempts;
  private final Backoff backoff;
  private final long maxRetryAfterNanos;
  private final Predicate<Throwable> retryOn;
  private final Predicate<Object> retryOnResult;
  private final RetryBudget budget;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Listeners<RetryEvent> listeners;

  private final LongAdder succeededWithoutRetry = new LongAdder();
  private final LongAdder succeededAfterRetry = new LongAdder();
  private final LongAdder failedWithoutRetry = new LongAdder();
  private final LongAdder failedAfterRetry = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder budgetExhausted = new LongAdder();

  /** A retry with {@code config}. */
  public DefaultRetry(RetryConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.maxAttempts = config.maxAttempts();
    this.backoff = config.backoff();
    this.maxRetryAfterNanos = config.maxRetryAfter().toNanos();
    this.retryOn = config.retryOn();
    this.retryOnResult = config.retryOnResult();
    this.budget = config.budget();
    this.sleeper = config.sleeper();
    this.random = config.random();
    this.listeners = new Listeners<>("retry '" + name + "'");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RetryConfig config() {
    return config;
  }

  @Override
  public Metrics metrics() {
    return new Metrics(
        succeededWithoutRetry.sum(),
        succeededAfterRetry.sum(),
        failedWithoutRetry.sum(),
        failedAfterRetry.sum(),
        retries.sum(),
        budgetExhausted.sum());
  }

  @Override
  public void onEvent(Consumer<? super RetryEvent> listener) {
    listeners.add(listener);
  }

  @Override
  public String toString() {
    return "Retry[" + name + ", maxAttempts=" + maxAttempts + "]";
  }

  @Override
  public <T> T call(Callable<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    Attempts attempts = null; // created on the first failure only
    for (; ; ) {
      int made = attempts == null ? 1 : attempts.made;
      T result;
      try {
        result = call.call();
      } catch (Exception | Error e) {
        if (!isRetryable(e)) {
          notRetryable(made, e);
          throw e;
        }
        if (attempts == null) {
          attempts = new Attempts();
        }
        Duration delay = retryableFailure(attempts, e);
        if (delay == null) {
          throw e;
        }
        sleep(delay, e);
        continue;
      }
      if (isRetryableResult(result)) {
        if (attempts == null) {
          attempts = new Attempts();
        }
        Duration delay = retryableFailure(attempts, null);
        if (delay == null) {
          return result;
        }
        sleep(delay, null);
        continue;
      }
      succeeded(made);
      return result;
    }
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    AsyncRetryExecution<T> execution =
        new AsyncRetryExecution<>(this, supplier, config.scheduler());
    execution.run();
    return execution.result();
  }

  private void sleep(Duration delay, Throwable lastFailure) throws InterruptedException {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      if (lastFailure != null) {
        e.addSuppressed(lastFailure);
      }
      throw e;
    }
  }

  // ---- decisions shared by both forms ----

  /** Whether a thrown failure may be retried: an exception the predicate accepts. */
  boolean isRetryable(Throwable failure) {
    if (!(failure instanceof Exception) || failure instanceof InterruptedException) {
      return false;
    }
    try {
      return retryOn.test(failure);
    } catch (RuntimeException e) {
      log.warn("retry '{}': retryOn predicate threw; not retrying", name, e);
      return false;
    }
  }

  /** Whether a returned result must be retried. */
  boolean isRetryableResult(Object result) {
    try {
      return retryOnResult.test(result);
    } catch (RuntimeException e) {
      log.warn("retry '{}': retryOnResult predicate threw; not retrying", name, e);
      return false;
    }
  }

  /** The call succeeded on attempt {@code made}. */
  void succeeded(int made) {
    budget.onSuccess();
    (made == 1 ? succeededWithoutRetry : succeededAfterRetry).increment();
    if (!listeners.isEmpty()) {
      listeners.emit(new RetryEvent.Succeeded(name, made));
    }
  }

  /** Attempt {@code made} failed with something that is not retried; the call ends. */
  void notRetryable(int made, Throwable failure) {
    failed(made);
    if (!listeners.isEmpty()) {
      listeners.emit(new RetryEvent.NotRetryable(name, made, failure));
    }
  }

  /**
   * The current attempt failed retryably ({@code failure} is {@code null} for a retryable result).
   * Returns the delay before the next attempt and counts it, or {@code null} when the call ends.
   */
  Duration retryableFailure(Attempts attempts, Throwable failure) {
    int made = attempts.made;
    budget.onFailure();
    if (made >= maxAttempts) {
      failed(made);
      if (!listeners.isEmpty()) {
        listeners.emit(new RetryEvent.Exhausted(name, made, failure));
      }
      return null;
    }
    if (!budget.allowRetry()) {
      failed(made);
      budgetExhausted.increment();
      if (!listeners.isEmpty()) {
        listeners.emit(new RetryEvent.BudgetExhausted(name, made, failure));
      }
      return null;
    }
    Duration computed = backoff.delay(made - 1, attempts.previousBackoff, random);
    attempts.previousBackoff = computed;
    Duration delay = honourHint(computed, failure);
    attempts.made = made + 1;
    retries.increment();
    if (!listeners.isEmpty()) {
      listeners.emit(new RetryEvent.RetryScheduled(name, made, delay, failure));
    }
    return delay;
  }

  /** {@code max(computed, min(hint, maxRetryAfter))} when the failure carries a hint. */
  private Duration honourHint(Duration computed, Throwable failure) {
    if (failure == null || maxRetryAfterNanos == 0) {
      return computed;
    }
    Optional<Duration> hint = RetryAfterHint.find(failure);
    if (hint.isEmpty()) {
      return computed;
    }
    long hinted = Math.min(Checks.nanos(hint.get(), Long.MAX_VALUE), maxRetryAfterNanos);
    return hinted > computed.toNanos() ? Duration.ofNanos(hinted) : computed;
  }

  private void failed(int made) {
    (made == 1 ? failedWithoutRetry : failedAfterRetry).increment();
  }

  String retryName() {
    return name;
  }

  /** Per-call state once an attempt has failed. Confined to one call at a time. */
  static final class Attempts {
    /** Attempts started so far, the first included. */
    int made = 1;

    /** The backoff delay computed last time (decorrelated jitter reads it); null before any. */
    Duration previousBackoff;
  }
}
