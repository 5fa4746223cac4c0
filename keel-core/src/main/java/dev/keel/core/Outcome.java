package dev.keel.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The result of running a call under a policy without exceptions: the call succeeded, the call
 * failed, or the policy refused to run it. Returned by the non-throwing forms such as {@link
 * CircuitBreaker#execute(java.util.concurrent.Callable)}; switch over it with pattern matching.
 *
 * <p>Immutable; safe to share between threads if the carried value is.
 *
 * @param <T> the call's result type
 */
public sealed interface Outcome<T> {

  /** Whether this is a {@link Success}. */
  default boolean isSuccess() {
    return this instanceof Success;
  }

  /**
   * The call ran and returned {@code value}.
   *
   * @param value the call's result; may be {@code null}
   * @param <T> the call's result type
   */
  record Success<T>(T value) implements Outcome<T> {}

  /**
   * The call ran and threw {@code failure}.
   *
   * @param failure what the call threw; never {@code null}
   * @param <T> the call's result type
   */
  record Failure<T>(Throwable failure) implements Outcome<T> {
    /** Validates the fields. */
    public Failure {
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * The policy refused the call; the call did not run.
   *
   * @param policy the name of the refusing policy instance
   * @param retryAfter when trying again may succeed; {@link Duration#ZERO} when unknown
   * @param <T> the call's result type
   */
  record Rejected<T>(String policy, Duration retryAfter) implements Outcome<T> {
    /** Validates the fields. */
    public Rejected {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }
}
