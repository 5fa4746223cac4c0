package dev.keel.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened in a {@link CircuitBreaker}, delivered to listeners added with {@link
 * CircuitBreaker#onEvent}. Event objects are only created when at least one listener is registered.
 *
 * <p>All implementations are immutable records.
 */
public sealed interface CircuitBreakerEvent {

  /** The name of the breaker the event happened in. */
  String breakerName();

  /** When it happened, by the breaker's clock. */
  Instant at();

  /**
   * The breaker moved from one state to another.
   *
   * @param breakerName the breaker's name
   * @param at when
   * @param from the previous state
   * @param to the new state
   */
  record StateTransition(
      String breakerName, Instant at, CircuitBreaker.State from, CircuitBreaker.State to)
      implements CircuitBreakerEvent {}

  /**
   * A permitted call was counted as a success.
   *
   * @param breakerName the breaker's name
   * @param at when the outcome was recorded
   * @param duration how long the call took
   */
  record CallSucceeded(String breakerName, Instant at, Duration duration)
      implements CircuitBreakerEvent {}

  /**
   * A permitted call was counted as a failure.
   *
   * @param breakerName the breaker's name
   * @param at when the outcome was recorded
   * @param duration how long the call took
   * @param failure what the call threw; {@code null} when a returned result was the failure or the
   *     call was only slow
   * @param slow whether the call reached the slow-call threshold
   */
  record CallFailed(
      String breakerName, Instant at, Duration duration, Throwable failure, boolean slow)
      implements CircuitBreakerEvent {}

  /**
   * A call was refused.
   *
   * @param breakerName the breaker's name
   * @param at when
   * @param state the state that refused it
   * @param retryAfter the remaining cooldown, {@link Duration#ZERO} when unknown
   */
  record CallRejected(
      String breakerName, Instant at, CircuitBreaker.State state, Duration retryAfter)
      implements CircuitBreakerEvent {}
}
