package dev.keel.http.internal;

import dev.keel.core.BulkheadFullException;
import dev.keel.core.CircuitBreakerOpenException;
import dev.keel.core.RateLimitedException;
import dev.keel.core.RetryAfterHint;
import dev.keel.http.DependencyUnavailableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a refusal by one of keel-core's policies into the {@link DependencyUnavailableException}
 * the caller sees, carrying what the call saw so far. Logged at DEBUG only: an open breaker under
 * load would otherwise flood the log (keel-core's meters count the refusals). Thread-safe.
 */
final class Refusals {

  private static final Logger LOG = LoggerFactory.getLogger(KeelHttpClientLogger.NAME);

  private final String dependency;
  private final long rateLimitPerSecond;

  Refusals(String dependency, long rateLimitPerSecond) {
    this.dependency = dependency;
    this.rateLimitPerSecond = rateLimitPerSecond;
  }

  /**
   * The exception for {@code refusal}, one of {@link Failures#isLocalRefusal}.
   *
   * @throws IllegalArgumentException if {@code refusal} is not a refusal
   */
  DependencyUnavailableException unavailable(CallContext call, Throwable refusal) {
    DependencyUnavailableException.Reason reason;
    String why;
    switch (refusal) {
      case CircuitBreakerOpenException e -> {
        reason = DependencyUnavailableException.Reason.CIRCUIT_OPEN;
        why =
            "its circuit breaker is " + HttpPolicies.label(e.state()) + " after repeated failures";
      }
      case BulkheadFullException e -> {
        reason = DependencyUnavailableException.Reason.BULKHEAD_FULL;
        why =
            "all "
                + e.maxConcurrent()
                + " concurrent-call permits are taken (raise maxConcurrentCalls or"
                + " maxWaitForPermit if that is normal load)";
      }
      case RateLimitedException e -> {
        reason = DependencyUnavailableException.Reason.RATE_LIMITED;
        why = "its client-side rate limit of " + rateLimitPerSecond + "/s is exhausted";
      }
      default -> throw new IllegalArgumentException("not a refusal: " + refusal, refusal);
    }
    Duration retryAfter = RetryAfterHint.find(refusal).filter(d -> !d.isZero()).orElse(null);
    DependencyUnavailableException failure =
        new DependencyUnavailableException(
            dependency
                + " is temporarily unavailable: "
                + why
                + ", so "
                + call.method
                + " "
                + call.safeUrl
                + " was not sent"
                + (retryAfter == null ? "" : "; retry after " + ceilSeconds(retryAfter) + " s"),
            dependency,
            call.attempts(),
            call.lastStatus(),
            reason,
            retryAfter,
            refusal);
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}", failure.getMessage());
    }
    return failure;
  }

  private static long ceilSeconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}
