package dev.keel.core;

import dev.keel.core.internal.TokenRetryBudget;
import dev.keel.core.internal.UnlimitedRetryBudget;

/**
 * Caps retries across every {@link Retry} that shares it, so that a struggling dependency is not
 * hit by a retry storm (each caller multiplying its load by {@code maxAttempts}).
 *
 * <p>The standard budget ({@link #of(int, double)}) is gRPC's retry throttling: a bucket holds up
 * to {@code maxTokens} tokens and starts full; every failed attempt takes one token, every
 * successful attempt gives back {@code tokenRatio}; a retry is allowed only while more than {@code
 * maxTokens / 2} tokens remain. Against a dependency that always fails, {@code N} calls therefore
 * make at most about {@code N + maxTokens / 2} attempts in total, however large {@code maxAttempts}
 * is; once the dependency answers again, {@code maxTokens / (2 × tokenRatio)} successes refill the
 * bucket above the threshold. Failures a retry does not consider retryable do not touch the budget.
 * No clock is involved.
 *
 * <p>Implementations are thread-safe and lock-free.
 */
public interface RetryBudget {

  /** Default {@code maxTokens} of {@link #ofDefaults()}: 100. */
  int DEFAULT_MAX_TOKENS = 100;

  /** Default {@code tokenRatio} of {@link #ofDefaults()}: 0.1 (ten successes earn one retry). */
  double DEFAULT_TOKEN_RATIO = 0.1;

  /** Records a successful attempt (the first or a retry). */
  void onSuccess();

  /** Records a failed attempt that the retry considered retryable. */
  void onFailure();

  /** Whether a retry may be made now; consulted after {@link #onFailure()}. */
  boolean allowRetry();

  /** Tokens available now, for metrics; {@link Double#POSITIVE_INFINITY} when unlimited. */
  double availableTokens();

  /**
   * gRPC-style token budget.
   *
   * @param maxTokens capacity and initial content of the bucket; at least 1
   * @param tokenRatio tokens a success gives back; positive, finite, at most {@code maxTokens}, in
   *     steps of 0.001
   * @throws IllegalArgumentException naming the bad argument and its value
   */
  static RetryBudget of(int maxTokens, double tokenRatio) {
    return new TokenRetryBudget(maxTokens, tokenRatio);
  }

  /** {@link #of(int, double)} with 100 tokens and a ratio of 0.1. */
  static RetryBudget ofDefaults() {
    return of(DEFAULT_MAX_TOKENS, DEFAULT_TOKEN_RATIO);
  }

  /** A budget that always allows retries (the default of a {@link Retry} without one). */
  static RetryBudget unlimited() {
    return UnlimitedRetryBudget.INSTANCE;
  }
}
