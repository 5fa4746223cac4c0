package dev.keel.core;

import java.time.Duration;

/**
 * Something that happened in a {@link Retry}, delivered to listeners added with {@link
 * Retry#onEvent}. Event objects are only created when at least one listener is registered.
 *
 * <p>All implementations are immutable records. {@code attempts} always counts the attempts made so
 * far in the call, the first one included.
 */
public sealed interface RetryEvent {

  /** The name of the retry the event happened in. */
  String retryName();

  /** Attempts made so far in this call, the first included. */
  int attempts();

  /**
   * An attempt failed and another is scheduled after {@code delay}.
   *
   * @param retryName the retry's name
   * @param attempts attempts made so far
   * @param delay the wait before the next attempt
   * @param cause what the failed attempt threw; {@code null} when its result was retried
   */
  record RetryScheduled(String retryName, int attempts, Duration delay, Throwable cause)
      implements RetryEvent {}

  /**
   * The call succeeded.
   *
   * @param retryName the retry's name
   * @param attempts attempts it took
   */
  record Succeeded(String retryName, int attempts) implements RetryEvent {}

  /**
   * The last allowed attempt failed; the call fails with {@code cause} (or returns the last
   * result).
   *
   * @param retryName the retry's name
   * @param attempts attempts made (equals {@code maxAttempts})
   * @param cause the last failure; {@code null} when the last result was retryable
   */
  record Exhausted(String retryName, int attempts, Throwable cause) implements RetryEvent {}

  /**
   * The shared {@link RetryBudget} refused a retry; the call gives up with the last failure.
   *
   * @param retryName the retry's name
   * @param attempts attempts made
   * @param cause the last failure; {@code null} when the last result was retryable
   */
  record BudgetExhausted(String retryName, int attempts, Throwable cause) implements RetryEvent {}

  /**
   * An attempt failed with an exception that is not retried; the call fails with it at once.
   *
   * @param retryName the retry's name
   * @param attempts attempts made
   * @param cause the failure
   */
  record NotRetryable(String retryName, int attempts, Throwable cause) implements RetryEvent {}
}
