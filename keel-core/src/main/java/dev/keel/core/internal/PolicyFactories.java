package dev.keel.core.internal;

import dev.keel.core.Bulkhead;
import dev.keel.core.BulkheadConfig;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.CircuitBreakerConfig;
import dev.keel.core.RateLimiter;
import dev.keel.core.RateLimiterConfig;
import dev.keel.core.Retry;
import dev.keel.core.RetryConfig;
import dev.keel.core.Timeout;
import dev.keel.core.TimeoutConfig;

/**
 * Makes a policy named for its registry lookup from a shared configuration: the configuration is
 * copied with the instance's name, since names appear in exceptions, events and metrics. Stateless.
 */
final class PolicyFactories {

  private PolicyFactories() {}

  static CircuitBreaker circuitBreaker(String name, CircuitBreakerConfig c) {
    return CircuitBreaker.of(
        new CircuitBreakerConfig(
            name,
            c.mode(),
            c.failureThreshold(),
            c.failureRateThreshold(),
            c.windowSize(),
            c.windowDuration(),
            c.minimumCalls(),
            c.slowCallThreshold(),
            c.cooldown(),
            c.halfOpenPermits(),
            c.failurePredicate(),
            c.ignorePredicate(),
            c.resultFailurePredicate(),
            c.clock()));
  }

  /** A breaker an operator forced open or disabled stays so after a reconfiguration. */
  static void carryOverManualState(CircuitBreaker old, CircuitBreaker replacement) {
    switch (old.state()) {
      case FORCED_OPEN -> replacement.forceOpen();
      case DISABLED -> replacement.disable();
      default -> {}
    }
  }

  static Retry retry(String name, RetryConfig c) {
    return Retry.of(
        new RetryConfig(
            name,
            c.maxAttempts(),
            c.backoff(),
            c.maxRetryAfter(),
            c.retryOn(),
            c.retryOnResult(),
            c.budget(),
            c.sleeper(),
            c.scheduler(),
            c.random()));
  }

  static RateLimiter rateLimiter(String name, RateLimiterConfig c) {
    return RateLimiter.of(
        new RateLimiterConfig(
            name,
            c.capacity(),
            c.refillTokens(),
            c.refillPeriod(),
            c.maxWait(),
            c.clock(),
            c.sleeper()));
  }

  static Bulkhead bulkhead(String name, BulkheadConfig c) {
    return Bulkhead.of(
        new BulkheadConfig(name, c.maxConcurrent(), c.maxWait(), c.cpuBound(), c.executor()));
  }

  static Timeout timeout(String name, TimeoutConfig c) {
    return Timeout.of(new TimeoutConfig(name, c.timeout(), c.clock()));
  }

  static <P> void nothing(P old, P replacement) {}
}
