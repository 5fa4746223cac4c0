package dev.keel.core.internal;

import dev.keel.core.RetryBudget;

/** The budget that never refuses; the default of a retry without a budget. Stateless. */
public enum UnlimitedRetryBudget implements RetryBudget {
  INSTANCE;

  @Override
  public void onSuccess() {}

  @Override
  public void onFailure() {}

  @Override
  public boolean allowRetry() {
    return true;
  }

  @Override
  public double availableTokens() {
    return Double.POSITIVE_INFINITY;
  }

  @Override
  public String toString() {
    return "RetryBudget[unlimited]";
  }
}
