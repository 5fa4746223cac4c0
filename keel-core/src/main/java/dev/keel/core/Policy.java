package dev.keel.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A resilience policy that wraps a call: circuit breaker, retry, rate limiter, bulkhead, timeout,
 * fallback and fault injection all implement it, so any of them can be stacked with {@link
 * Pipeline}.
 *
 * <p>The blocking form is meant for virtual threads; it rethrows the call's own exception
 * unchanged, or throws the policy's dedicated exception (for example {@code
 * CircuitBreakerOpenException}) when the policy refuses the call. The asynchronous form never
 * blocks the calling thread and completes the returned stage the same way.
 *
 * <p>Implementations are thread-safe.
 */
public interface Policy {

  /** Runs {@code call} under this policy and returns its result. */
  <T> T call(Callable<T> call) throws Exception;

  /** Runs {@code stage} (a supplier that starts the work) under this policy. */
  <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage);

  /** Runs {@code runnable} under this policy. */
  default void run(ThrowingRunnable runnable) throws Exception {
    call(
        () -> {
          runnable.run();
          return null;
        });
  }

  /** A {@link Runnable} that may throw a checked exception. */
  @FunctionalInterface
  interface ThrowingRunnable {
    /** Does the work. */
    void run() throws Exception;
  }
}
