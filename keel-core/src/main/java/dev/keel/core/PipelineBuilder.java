package dev.keel.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Pipeline}. Each position takes at most one policy, set in any order: the pipeline
 * applies Keel's order regardless (see {@link Pipeline}). Setting a position twice fails at once
 * with {@link IllegalStateException} naming the position and both policies, since silently keeping
 * one of them would hide a wiring mistake.
 *
 * <p>Not thread-safe; the pipelines it builds are.
 */
public final class PipelineBuilder {

  private static final Logger log = LoggerFactory.getLogger(PipelineBuilder.class);

  private Fallback<?> fallback;
  private Retry retry;
  private CircuitBreaker circuitBreaker;
  private RateLimiter rateLimiter;
  private Bulkhead bulkhead;
  private Timeout timeout;
  private final List<Policy> custom = new ArrayList<>();
  private FaultInjection faultInjection;

  PipelineBuilder() {}

  /** The outermost policy: answers any failure from inside. */
  public PipelineBuilder fallback(Fallback<?> fallback) {
    this.fallback = once("fallback", this.fallback, fallback);
    return this;
  }

  /** Retries the whole inner stack, so each attempt passes through the breaker. */
  public PipelineBuilder retry(Retry retry) {
    this.retry = once("retry", this.retry, retry);
    return this;
  }

  /** Records each attempt; fails fast while open. */
  public PipelineBuilder circuitBreaker(CircuitBreaker circuitBreaker) {
    this.circuitBreaker = once("circuitBreaker", this.circuitBreaker, circuitBreaker);
    return this;
  }

  /** Takes a token per attempt, inside the breaker. */
  public PipelineBuilder rateLimiter(RateLimiter rateLimiter) {
    this.rateLimiter = once("rateLimiter", this.rateLimiter, rateLimiter);
    return this;
  }

  /** Holds a permit per attempt while the work runs, inside the rate limiter. */
  public PipelineBuilder bulkhead(Bulkhead bulkhead) {
    this.bulkhead = once("bulkhead", this.bulkhead, bulkhead);
    return this;
  }

  /** Bounds each attempt; the innermost standard policy. */
  public PipelineBuilder timeout(Timeout timeout) {
    this.timeout = once("timeout", this.timeout, timeout);
    return this;
  }

  /**
   * Adds a policy of your own. Custom policies run inside the timeout and outside fault injection,
   * once per attempt, in the order added (the first added is the outermost of them).
   */
  public PipelineBuilder custom(Policy policy) {
    custom.add(Objects.requireNonNull(policy, "custom"));
    return this;
  }

  /** Injects faults just around the call, so every policy sees them as the dependency's own. */
  public PipelineBuilder faultInjection(FaultInjection faultInjection) {
    this.faultInjection = once("faultInjection", this.faultInjection, faultInjection);
    return this;
  }

  /**
   * The pipeline. Logs a warning when the circuit breaker would record a local rejection of the
   * rate limiter or bulkhead inside it as a failure or a success (its {@code ignoreOn} predicate
   * was replaced by one that does not ignore them).
   */
  public Pipeline build() {
    if (circuitBreaker != null) {
      warnIfRecorded(
          rateLimiter != null, new RateLimitedException("pipeline-check", Duration.ZERO));
      warnIfRecorded(
          bulkhead != null, new BulkheadFullException("pipeline-check", 1, Duration.ZERO));
    }
    return new Pipeline(
        fallback, retry, circuitBreaker, rateLimiter, bulkhead, timeout, custom, faultInjection);
  }

  private void warnIfRecorded(boolean present, RuntimeException localRejection) {
    if (present && !circuitBreaker.config().ignorePredicate().test(localRejection)) {
      log.warn(
          "circuit breaker '{}' does not ignore {}: local rejections inside it will be recorded as"
              + " outcomes of the dependency; keep CircuitBreakerConfig.LOCAL_REJECTIONS in its"
              + " ignoreOn predicate",
          circuitBreaker.name(),
          localRejection.getClass().getSimpleName());
    }
  }

  private static <P> P once(String position, P current, P next) {
    Objects.requireNonNull(next, position);
    if (current != null) {
      throw new IllegalStateException(
          position + " was already set to " + current + "; a pipeline takes one, got also " + next);
    }
    return next;
  }
}
