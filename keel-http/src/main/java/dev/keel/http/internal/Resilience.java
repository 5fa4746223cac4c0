package dev.keel.http.internal;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.CircuitBreakerEvent;
import dev.keel.core.CircuitBreakerOpenException;
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
 * <pre>retry → circuit breaker → attempt</pre>
 *
 * <p>The retry is outermost so that every attempt asks the breaker: once it opens mid-call the
 * remaining attempts are refused rather than sent. Refusals by the policies are turned into {@link
 * DependencyUnavailableException}s carrying what the call saw so far. Thread-safe.
 */
final class Resilience {

  private static final Logger LOG = LoggerFactory.getLogger(KeelHttpClientLogger.NAME);

  private final HttpDependencyConfig config;
  private final HttpMetrics metrics;
  private final CircuitBreaker breaker;

  /** Null when retries are off. */
  private final Retry retry;

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
  }

  /** Runs the attempts of {@code call} under the policies, blocking. */
  HttpResponse<byte[]> call(CallContext call, Callable<HttpResponse<byte[]>> attempt)
      throws Exception {
    Callable<HttpResponse<byte[]>> guarded = () -> breaker.call(attempt);
    try {
      return retry != null && call.retryable ? retry.call(guarded) : guarded.call();
    } catch (CircuitBreakerOpenException e) {
      throw refused(call, e);
    }
  }

  /** Runs the attempts of {@code call} under the policies without blocking. */
  CompletableFuture<HttpResponse<byte[]>> callAsync(
      CallContext call, Supplier<CompletableFuture<HttpResponse<byte[]>>> attempt) {
    Supplier<CompletionStage<HttpResponse<byte[]>>> guarded = () -> breaker.callAsync(attempt);
    CompletionStage<HttpResponse<byte[]>> stage =
        retry != null && call.retryable ? retry.callAsync(guarded) : guarded.get();
    CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
    stage.whenComplete(
        (response, error) -> {
          if (error == null) {
            result.complete(response);
            return;
          }
          Throwable cause = Exchange.unwrap(error);
          result.completeExceptionally(
              cause instanceof CircuitBreakerOpenException open ? refused(call, open) : cause);
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

  private DependencyException refused(CallContext call, CircuitBreakerOpenException e) {
    metrics.rejected("circuit_open");
    Duration retryAfter = e.retryAfter().isZero() ? null : e.retryAfter();
    DependencyUnavailableException failure =
        new DependencyUnavailableException(
            config.name()
                + " is temporarily unavailable: its circuit breaker is "
                + label(e.state())
                + " after repeated failures, so "
                + call.method
                + " "
                + call.safeUrl
                + " was not sent"
                + (retryAfter == null ? "" : "; retry after " + ceilSeconds(retryAfter) + " s"),
            config.name(),
            call.attempts(),
            call.lastStatus(),
            DependencyUnavailableException.Reason.CIRCUIT_OPEN,
            retryAfter,
            e);
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
