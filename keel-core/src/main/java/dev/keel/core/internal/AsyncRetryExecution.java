package dev.keel.core.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One asynchronous call under a {@link DefaultRetry}: starts an attempt ({@link #run()}), judges
 * its outcome when the stage completes ({@link #accept}) and, to retry, schedules {@link #run()}
 * again on the scheduler. Nothing ever blocks; the first attempt starts on the caller's thread,
 * later ones on the scheduler's.
 *
 * <p>The mutable {@link #attempts} is touched by one step at a time, and each step happens-before
 * the next (stage completion, scheduler submission), so it needs no synchronisation.
 */
final class AsyncRetryExecution<T> implements Runnable, BiConsumer<T, Throwable> {

  private final DefaultRetry retry;
  private final Supplier<? extends CompletionStage<T>> supplier;
  private final ScheduledExecutorService scheduler;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final DefaultRetry.Attempts attempts = new DefaultRetry.Attempts();

  AsyncRetryExecution(
      DefaultRetry retry,
      Supplier<? extends CompletionStage<T>> supplier,
      ScheduledExecutorService scheduler) {
    this.retry = retry;
    this.supplier = supplier;
    this.scheduler = scheduler;
  }

  CompletableFuture<T> result() {
    return result;
  }

  /** Starts the next attempt, unless the caller has cancelled (or otherwise completed) the call. */
  @Override
  public void run() {
    if (result.isDone()) {
      return;
    }
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(supplier.get(), "callAsync supplier returned null");
    } catch (Throwable t) {
      accept(null, t);
      return;
    }
    stage.whenComplete(this);
  }

  /** Judges the attempt that just completed. */
  @Override
  public void accept(T value, Throwable error) {
    if (error == null) {
      if (!retry.isRetryableResult(value)) {
        retry.succeeded(attempts.made);
        result.complete(value);
        return;
      }
      Duration delay = retry.retryableFailure(attempts, null);
      if (delay == null) {
        result.complete(value);
      } else {
        schedule(delay, null);
      }
      return;
    }
    Throwable failure = Futures.unwrap(error);
    if (!retry.isRetryable(failure)) {
      retry.notRetryable(attempts.made, failure);
      result.completeExceptionally(failure);
      return;
    }
    Duration delay = retry.retryableFailure(attempts, failure);
    if (delay == null) {
      result.completeExceptionally(failure);
    } else {
      schedule(delay, failure);
    }
  }

  private void schedule(Duration delay, Throwable lastFailure) {
    try {
      scheduler.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      RejectedExecutionException refused =
          new RejectedExecutionException(
              "retry '"
                  + retry.retryName()
                  + "' could not schedule attempt "
                  + attempts.made
                  + ": its scheduler refused the task (shut down?)",
              lastFailure);
      refused.addSuppressed(e);
      result.completeExceptionally(refused);
    }
  }
}
