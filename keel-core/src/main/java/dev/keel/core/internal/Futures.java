package dev.keel.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Small helpers for the asynchronous forms of the policies and the failures they carry. */
public final class Futures {

  private Futures() {}

  /** The failure a dependent stage saw, without the {@link CompletionException} wrapper. */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Calls the supplier; a supplier that throws (or returns {@code null}) becomes a failed stage, so
   * callers of {@code callAsync} always get a stage rather than an exception.
   */
  public static <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> supplier) {
    try {
      CompletionStage<T> stage = supplier.get();
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException("the supplier passed to callAsync returned null"));
      }
      return stage;
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** Cancels the work behind {@code stage} when it can be reached; best effort. */
  public static void cancel(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().cancel(true);
    } catch (UnsupportedOperationException notSupported) {
      // A stage that cannot be converted cannot be cancelled either; its result is ignored.
    }
  }

  /** Completes {@code target} as {@code source} completes, with the unwrapped failure. */
  public static <T> void relay(CompletionStage<T> source, CompletableFuture<T> target) {
    source.whenComplete((value, failure) -> complete(target, value, failure));
  }

  /**
   * Completes {@code target} with {@code value}, or with {@code failure} unwrapped when it is not
   * {@code null}: the two arguments of a {@code whenComplete} callback.
   */
  public static <T> void complete(CompletableFuture<T> target, T value, Throwable failure) {
    if (failure != null) {
      target.completeExceptionally(unwrap(failure));
    } else {
      target.complete(value);
    }
  }

  /**
   * Interrupts {@code waiter} (a thread waiting before it starts the work) when the caller cancels
   * {@code result}, so a cancelled call stops waiting and its work is never started.
   */
  public static void interruptOnCancel(CompletableFuture<?> result, Thread waiter) {
    result.whenComplete(
        (value, failure) -> {
          if (result.isCancelled()) {
            waiter.interrupt();
          }
        });
  }

  /** Rethrows a checked or unchecked failure from a callable unchanged. */
  public static Exception rethrow(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof Exception e) {
      return e;
    }
    return new RuntimeException(t);
  }
}
