package dev.keel.http.internal;

import dev.keel.core.Bulkhead;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.Criticality;
import dev.keel.core.Dependency;
import dev.keel.core.Fallback;
import dev.keel.core.KeelMicrometer;
import dev.keel.core.Pipeline;
import dev.keel.core.PipelineBuilder;
import dev.keel.core.RateLimiter;
import dev.keel.core.Retry;
import dev.keel.core.RetryBudget;
import dev.keel.core.RetryBuilder;
import dev.keel.http.HttpDependencyConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * keel-core's policies of one client, stacked by keel-core's {@link Pipeline} in its order:
 *
 * <pre>
 * fallback (optional dependencies) → retry → circuit breaker → rate limiter → bulkhead → attempt
 * </pre>
 *
 * <p>Every attempt passes the breaker, which records it: a 5xx, 429, timeout or broken connection
 * is a failure ({@link Failures#isDependencyFailure}); a refusal by the limiter or bulkhead and a
 * caller's spent deadline are ignored ({@link Failures#isNotSent}), since nothing was sent. An open
 * breaker refuses before a token or permit is taken.
 *
 * <p>Two pipelines share the same policies: one with the retry for calls that are safe to repeat,
 * one without for the others (a POST without an idempotency key), since the retry is decided per
 * call and a pipeline's positions are fixed. No keel-core {@code Timeout}: each attempt's timeout
 * is enforced by {@link Exchange}, which must record the timed-out request in its metric, log line
 * and span and cancel the JDK exchange; a {@code Timeout} would add a thread per attempt and report
 * a {@code TimeoutExceededException} the request log never saw.
 *
 * <p>The optional dependency's fallback only marks the failure ({@link Answer#failed}); {@link
 * Degradation} then serves a last good response or the configured default, which need the request
 * that keel-core's fallback function does not see. Being the pipeline's fallback, it is what the
 * {@link Dependency} watches for its health. Thread-safe.
 */
final class HttpPolicies implements AutoCloseable {

  private final CircuitBreaker breaker;

  /** With the retry: for calls that are safe to repeat. */
  private final Pipeline retrying;

  /** Without the retry: for calls that must not be sent twice. */
  private final Pipeline once;

  private final Dependency dependency;
  private final KeelMicrometer.Binding meters;

  HttpPolicies(HttpDependencyConfig config, Collaborators parts) {
    String name = config.name();
    this.breaker =
        CircuitBreaker.builder(name)
            .consecutiveFailures(config.failureThreshold())
            .cooldown(config.cooldown())
            .failOn(Failures::isDependencyFailure)
            .ignoreOn(Failures::isNotSent)
            .clock(parts.clock())
            .build();
    Duration maxRetryAfter = config.maxRetryAfter();
    RetryBuilder retry =
        Retry.builder(name)
            .maxAttempts(config.maxAttempts())
            .backoff(config.backoff())
            .maxRetryAfter(maxRetryAfter)
            .retryOn(error -> Failures.isRetryable(error, maxRetryAfter))
            // With retries off the retry only counts (and keeps its meters): it must not charge a
            // budget shared with clients that do retry.
            .budget(config.retriesEnabled() ? parts.retryBudget() : RetryBudget.unlimited())
            .sleeper(parts.sleeper());
    if (parts.retryScheduler() != null) {
      retry.scheduler(parts.retryScheduler());
    }
    PipelineBuilder withRetry = Pipeline.builder().retry(retry.build());
    PipelineBuilder withoutRetry = Pipeline.builder();
    Bulkhead bulkhead =
        Bulkhead.builder(name)
            .maxConcurrent(config.maxConcurrentCalls())
            .maxWait(config.maxWaitForPermit())
            .build();
    for (PipelineBuilder pipeline : new PipelineBuilder[] {withRetry, withoutRetry}) {
      pipeline.circuitBreaker(breaker).bulkhead(bulkhead);
    }
    if (config.rateLimitPerSecond() > 0) {
      RateLimiter limiter =
          RateLimiter.builder(name)
              .capacity(config.rateLimitPerSecond())
              .refill(config.rateLimitPerSecond(), Duration.ofSeconds(1))
              .maxWait(config.maxWaitForPermit())
              .clock(parts.clock())
              .sleeper(parts.sleeper())
              .build();
      withRetry.rateLimiter(limiter);
      withoutRetry.rateLimiter(limiter);
    }
    if (config.criticality() == Criticality.OPTIONAL) {
      Fallback<Answer> fallback =
          Fallback.<Answer>builder(name)
              .function(Answer::failed)
              .handles(Failures::isAnswerable)
              .clock(parts.clock())
              .build();
      withRetry.fallback(fallback);
      withoutRetry.fallback(fallback);
    }
    this.retrying = withRetry.build();
    this.once = withoutRetry.build();
    this.dependency =
        Dependency.builder(name)
            .criticality(config.criticality())
            .pipeline(retrying)
            .fallbackRecency(config.fallbackRecency())
            .clock(parts.clock())
            .build();
    this.meters = KeelMicrometer.bind(parts.registry(), retrying);
  }

  /** The pipeline for {@code call}: with the retry only when the call may be sent again. */
  Pipeline pipeline(CallContext call) {
    return call.retryable ? retrying : once;
  }

  /** The breaker, for operators (force open, reset). */
  CircuitBreaker breaker() {
    return breaker;
  }

  /** The client as a keel-core dependency, for health. */
  Dependency dependency() {
    return dependency;
  }

  /** Removes the policies' meters. */
  @Override
  public void close() {
    meters.close();
  }

  static String label(CircuitBreaker.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
