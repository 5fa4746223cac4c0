package dev.keel.core.internal;

import dev.keel.core.RetryBudget;
import java.util.concurrent.atomic.AtomicLong;

/**
 * gRPC-style retry throttling (see {@link RetryBudget}). Tokens are kept in thousandths in one
 * {@code AtomicLong} so that the fractional {@code tokenRatio} needs no floating-point CAS; updates
 * are CAS loops without allocation. A full bucket is not written on success, so a healthy
 * dependency costs one volatile read per call.
 *
 * <p>Between {@link #allowRetry()} and the retry's eventual failure other threads may also pass the
 * check, so under concurrency the number of retries past the threshold can exceed the exact bound
 * by at most the number of threads racing at that moment.
 */
public final class TokenRetryBudget implements RetryBudget {

  private static final long SCALE = 1000;

  private final int maxTokens;
  private final double tokenRatio;
  private final long maxMilli;
  private final long ratioMilli;
  private final long thresholdMilli;

  /** Tokens in thousandths, in [0, maxMilli]. */
  private final AtomicLong tokens;

  /**
   * A full bucket.
   *
   * @throws IllegalArgumentException naming the bad argument and its value
   */
  public TokenRetryBudget(int maxTokens, double tokenRatio) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
    }
    if (!(tokenRatio > 0 && tokenRatio <= maxTokens) || Double.isInfinite(tokenRatio)) {
      throw new IllegalArgumentException(
          "tokenRatio must be positive and at most maxTokens ("
              + maxTokens
              + "), was "
              + tokenRatio);
    }
    long ratio = Math.round(tokenRatio * SCALE);
    if (ratio < 1) {
      throw new IllegalArgumentException(
          "tokenRatio must be at least 0.001 (budgets count in thousandths of a token), was "
              + tokenRatio);
    }
    this.maxTokens = maxTokens;
    this.tokenRatio = tokenRatio;
    this.maxMilli = maxTokens * SCALE;
    this.ratioMilli = ratio;
    this.thresholdMilli = maxMilli / 2;
    this.tokens = new AtomicLong(maxMilli);
  }

  @Override
  public void onSuccess() {
    for (; ; ) {
      long current = tokens.get();
      if (current >= maxMilli) {
        return;
      }
      if (tokens.compareAndSet(current, Math.min(maxMilli, current + ratioMilli))) {
        return;
      }
    }
  }

  @Override
  public void onFailure() {
    for (; ; ) {
      long current = tokens.get();
      if (current <= 0) {
        return;
      }
      if (tokens.compareAndSet(current, Math.max(0, current - SCALE))) {
        return;
      }
    }
  }

  @Override
  public boolean allowRetry() {
    return tokens.get() > thresholdMilli;
  }

  @Override
  public double availableTokens() {
    return tokens.get() / (double) SCALE;
  }

  @Override
  public String toString() {
    return "RetryBudget[maxTokens="
        + maxTokens
        + ", tokenRatio="
        + tokenRatio
        + ", tokens="
        + availableTokens()
        + "]";
  }
}
