package dev.keel.core;

import java.time.Duration;

/**
 * What a {@link RateLimiter} reports to its listeners. Built only when a listener is registered.
 */
public sealed interface RateLimiterEvent {

  /** The limiter's name. */
  String name();

  /**
   * Tokens were granted.
   *
   * @param name the limiter
   * @param permits tokens taken
   * @param waited how long the caller had to wait for them (zero when they were there)
   */
  record Acquired(String name, int permits, Duration waited) implements RateLimiterEvent {}

  /**
   * Tokens were refused.
   *
   * @param name the limiter
   * @param permits tokens asked for
   * @param retryAfter when they are expected
   */
  record Rejected(String name, int permits, Duration retryAfter) implements RateLimiterEvent {}
}
