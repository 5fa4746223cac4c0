package dev.keel.http.internal;

import dev.keel.core.Bulkhead;
import dev.keel.core.BulkheadFullException;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.CircuitBreakerEvent;
import dev.keel.core.CircuitBreakerOpenException;
import dev.keel.core.RateLimitedException;
import dev.keel.core.RateLimiter;
import dev.keel.core.Retry;
import dev.keel.core.RetryBuilder;
import dev.keel.http.DependencyException;
import dev.keel.http.DependencyUnavailableException;
import dev.keel.http.HttpDependencyConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keel-core's policies around the attempts of one call, in this order:
 *
 * <pre>retry → [deadline check] → rate limiter → bulkhead → circuit breaker → attempt</pre>
 *
 * <p>Why this order: the retry is outermost so that every attempt asks the other policies (once the
 * breaker opens mid-call the remaining attempts are refused, not sent). The breaker is innermost
 * because keel-core's breaker counts every exception its predicate rejects as a success: a bulkhead
 * or rate-limit refusal inside it would count as a successful probe and could close a half-open
 * breaker without the dependency having answered. The rate limiter comes before the bulkhead so
 * that a call waiting for a token does not hold a concurrency permit meanwhile. A call whose
 * deadline is spent stops before taking any permit.
 *
 * <p>Refusals are turned into {@link DependencyUnavailableException}s carrying what the call saw so
 * far. Thread-safe.
 */
final class Resilience {

  private static final Logger LOG = LoggerFactory.getLogger(KeelHttpClientLogger.NAME);

  private final HttpDependencyConfig config;
  private final HttpMetrics metrics;
  private final CircuitBreaker breaker;

  /** Null when retries are off. */
  private final Retry retry;

  /** Null when there is no rate limit. */
  private final RateLimiter limiter;

  private final Bulkhead bulkhead;

  Resilience(HttpDependencyConfig config, Collaborators parts, HttpMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    String name = config.name();
    this.breaker =
        CircuitBreaker.builder(name)
            .consecutiveFailures(config.failureThreshold())
            .cooldown(config.cooldown())
            .failOn(Failures::isDependencyFailure)
            .clock(parts.clock())
            .build();
    breaker.onEvent(this::onBreakerEvent);
    metrics.bindBreakerState(
        Arrays.stream(CircuitBreaker.State.values()).map(Resilience::label).toList(),
        this::breakerState);
    if (config.retriesEnabled()) {
      Duration maxRetryAfter = config.maxRetryAfter();
      RetryBuilder builder =
          Retry.builder(name)
              .maxAttempts(config.maxAttempts())
              .backoff(config.backoff())
              .maxRetryAfter(maxRetryAfter)
              .retryOn(error -> Failures.isRetryable(error, maxRetryAfter))
              .budget(parts.retryBudget())
              .sleeper(parts.sleeper());
      if (parts.retryScheduler() != null) {
        builder.scheduler(parts.retryScheduler());
      }
      this.retry = builder.build();
    } else {
      this.retry = null;
    }
    this.limiter =
        config.rateLimitPerSecond() == 0
            ? null
            : RateLimiter.builder(name)
                .capacity(config.rateLimitPerSecond())
                .refill(config.rateLimitPerSecond(), Duration.ofSeconds(1))
                .maxWait(config.maxWaitForPermit())
                .clock(parts.clock())
                .sleeper(parts.sleeper())
                .build();
    this.bulkhead =
        Bulkhead.builder(name)
            .maxConcurrent(config.maxConcurrentCalls())
            .maxWait(config.maxWaitForPermit())
            .build();
  }

  /** Runs the attempts of {@code call} under the policies, blocking. */
  HttpResponse<byte[]> call(CallContext call, Callable<HttpResponse<byte[]>> attempt)
      throws Exception {
    Callable<HttpResponse<byte[]>> guarded =
        () -> {
          call.checkDeadline(config.name());
          Callable<HttpResponse<byte[]>> permitted =
              () -> bulkhead.call(() -> breaker.call(attempt));
          return limiter == null ? permitted.call() : limiter.call(permitted);
        };
    try {
      return retry != null && call.retryable ? retry.call(guarded) : guarded.call();
    } catch (CircuitBreakerOpenException | BulkheadFullException | RateLimitedException e) {
      throw refused(call, e);
    }
  }

  /** Runs the attempts of {@code call} under the policies without blocking. */
  CompletableFuture<HttpResponse<byte[]>> callAsync(
      CallContext call, Supplier<CompletableFuture<HttpResponse<byte[]>>> attempt) {
    Supplier<CompletionStage<HttpResponse<byte[]>>> guarded =
        () -> {
          try {
            call.checkDeadline(config.name());
          } catch (DependencyException e) {
            return CompletableFuture.failedFuture(e);
          }
          Supplier<CompletionStage<HttpResponse<byte[]>>> permitted =
              () -> bulkhead.callAsync(() -> breaker.callAsync(attempt));
          return limiter == null ? permitted.get() : limiter.callAsync(permitted);
        };
    CompletionStage<HttpResponse<byte[]>> stage;
    try {
      stage = retry != null && call.retryable ? retry.callAsync(guarded) : guarded.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
    stage.whenComplete(
        (response, error) -> {
          if (error == null) {
            result.complete(response);
            return;
          }
          Throwable cause = Exchange.unwrap(error);
          result.completeExceptionally(isRefusal(cause) ? refused(call, cause) : cause);
        });
    return result;
  }

  /** The breaker's state name, lower case: closed, open, half_open, forced_open, disabled. */
  String breakerState() {
    return label(breaker.state());
  }

  /** Whether the breaker lets calls through normally. */
  boolean breakerClosed() {
    CircuitBreaker.State state = breaker.state();
    return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED;
  }

  /** The breaker, for operators (force open, reset). */
  CircuitBreaker breaker() {
    return breaker;
  }

  private static boolean isRefusal(Throwable error) {
    return error instanceof CircuitBreakerOpenException
        || error instanceof BulkheadFullException
        || error instanceof RateLimitedException;
  }

  /** The {@link DependencyUnavailableException} for a refusal by one of the policies. */
  private DependencyException refused(CallContext call, Throwable refusal) {
    DependencyUnavailableException.Reason reason;
    Duration retryAfter;
    String why;
    switch (refusal) {
      case CircuitBreakerOpenException e -> {
        reason = DependencyUnavailableException.Reason.CIRCUIT_OPEN;
        retryAfter = e.retryAfter().isZero() ? null : e.retryAfter();
        why = "its circuit breaker is " + label(e.state()) + " after repeated failures";
      }
      case BulkheadFullException e -> {
        reason = DependencyUnavailableException.Reason.BULKHEAD_FULL;
        retryAfter = null;
        why =
            "all "
                + e.maxConcurrent()
                + " concurrent-call permits are taken (raise maxConcurrentCalls or"
                + " maxWaitForPermit if that is normal load)";
      }
      case RateLimitedException e -> {
        reason = DependencyUnavailableException.Reason.RATE_LIMITED;
        retryAfter = e.retryAfter();
        why = "its client-side rate limit of " + config.rateLimitPerSecond() + "/s is exhausted";
      }
      default -> throw new IllegalArgumentException("not a refusal: " + refusal, refusal);
    }
    metrics.rejected(reason.name().toLowerCase(Locale.ROOT));
    DependencyUnavailableException failure =
        new DependencyUnavailableException(
            config.name()
                + " is temporarily unavailable: "
                + why
                + ", so "
                + call.method
                + " "
                + call.safeUrl
                + " was not sent"
                + (retryAfter == null ? "" : "; retry after " + ceilSeconds(retryAfter) + " s"),
            config.name(),
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

  private void onBreakerEvent(CircuitBreakerEvent event) {
    if (event instanceof CircuitBreakerEvent.StateTransition t) {
      LOG.warn(
          "circuit breaker of dependency {} moved from {} to {}",
          config.name(),
          label(t.from()),
          label(t.to()));
    }
  }

  static String label(CircuitBreaker.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static long ceilSeconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}
