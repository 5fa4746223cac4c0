package dev.keel.core;

import dev.keel.core.internal.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Policies stacked around a call in Keel's one recommended order, whatever order they were given
 * in. Outermost first:
 *
 * <pre>
 * fallback → retry → circuit breaker → rate limiter → bulkhead → timeout → custom policies
 *          → fault injection → the call
 * </pre>
 *
 * <pre>{@code
 * Pipeline payments = Pipeline.builder()
 *     .timeout(Timeout.of(Duration.ofSeconds(2)))
 *     .circuitBreaker(CircuitBreaker.ofDefaults("payments"))
 *     .retry(Retry.builder("payments").maxAttempts(3).build())
 *     .build();
 * Receipt receipt = payments.call(() -> client.charge(order));
 * }</pre>
 *
 * <h2>Why this order</h2>
 *
 * <ul>
 *   <li><b>Fallback outermost</b>, so it covers everything inside: the call's own failure after the
 *       retries are spent, an open breaker, a full bulkhead, a rate limit, a timeout.
 *   <li><b>Retry outside the circuit breaker</b>, so every attempt passes through the breaker and
 *       is recorded by it (a retry storm opens the breaker instead of hiding behind one recorded
 *       failure), and an open breaker's {@link CircuitBreakerOpenException}, a {@link
 *       RetryAfterHint}, makes the retry wait out the remaining cooldown instead of hammering it.
 *   <li><b>Circuit breaker outside the rate limiter and the bulkhead</b>, so an open breaker fails
 *       fast without taking a token or a permit, and so a refusal for local capacity is not
 *       mistaken for a failure of the dependency. The breaker ignores {@link RateLimitedException}
 *       and {@link BulkheadFullException} by default ({@link
 *       CircuitBreakerConfig#LOCAL_REJECTIONS}): they neither open it nor count as successes, and a
 *       half-open probe refused locally gives its probe permit back. {@link #builder()} logs a
 *       warning when a breaker in front of a limiter or bulkhead would record them.
 *   <li><b>Rate limiter outside the bulkhead</b>, so a call that will be refused for rate does not
 *       hold a concurrency permit while it waits for a token.
 *   <li><b>Timeout innermost</b> (of the standard policies), so each attempt gets its own bound,
 *       the breaker sees a timed-out attempt as the dependency's failure (and a slow one as slow),
 *       the bulkhead permit is held only while the work runs, and the {@link Deadline} the timeout
 *       installs is visible to the call (for an HTTP client's own timeouts).
 *   <li><b>Custom policies</b> ({@link PipelineBuilder#custom(Policy)}) run inside the timeout,
 *       once per attempt, in the order added: the place for per-attempt logging, tracing or an
 *       idempotency key.
 *   <li><b>Fault injection just around the call</b>: an injected failure or delay looks to every
 *       other policy exactly like the dependency's own.
 * </ul>
 *
 * <p>Each position is optional; an empty pipeline just runs the call. A pipeline is itself a {@link
 * Policy}, so a different order, when really needed, is a pipeline nested in a custom position or
 * policies called by hand.
 *
 * <p>The policies are shared, not copied: a breaker in two pipelines is one breaker. Immutable and
 * thread-safe. The blocking form ({@link #call}) is meant for virtual threads; the asynchronous
 * form ({@link #callAsync}) never blocks the caller. Each layer allocates one small lambda per
 * call.
 */
public final class Pipeline implements Policy {

  /** Every policy, outermost first. */
  private final Policy[] chain;

  private final Fallback<?> fallback;
  private final Retry retry;
  private final CircuitBreaker circuitBreaker;
  private final RateLimiter rateLimiter;
  private final Bulkhead bulkhead;
  private final Timeout timeout;
  private final List<Policy> custom;
  private final FaultInjection faultInjection;

  Pipeline(
      Fallback<?> fallback,
      Retry retry,
      CircuitBreaker circuitBreaker,
      RateLimiter rateLimiter,
      Bulkhead bulkhead,
      Timeout timeout,
      List<Policy> custom,
      FaultInjection faultInjection) {
    this.fallback = fallback;
    this.retry = retry;
    this.circuitBreaker = circuitBreaker;
    this.rateLimiter = rateLimiter;
    this.bulkhead = bulkhead;
    this.timeout = timeout;
    this.custom = List.copyOf(custom);
    this.faultInjection = faultInjection;
    ArrayList<Policy> all = new ArrayList<>();
    for (Policy p :
        new Policy[] {fallback, retry, circuitBreaker, rateLimiter, bulkhead, timeout}) {
      if (p != null) {
        all.add(p);
      }
    }
    all.addAll(this.custom);
    if (faultInjection != null) {
      all.add(faultInjection);
    }
    this.chain = all.toArray(Policy[]::new);
  }

  /** A builder; each position may be set once, in any order. */
  public static PipelineBuilder builder() {
    return new PipelineBuilder();
  }

  /** A pipeline without policies: it just runs the call. */
  public static Pipeline empty() {
    return builder().build();
  }

  /** The policies, outermost first, as they wrap the call. */
  public List<Policy> policies() {
    return List.of(chain);
  }

  /** The fallback, when set. */
  public Optional<Fallback<?>> fallback() {
    return Optional.ofNullable(fallback);
  }

  /** The retry, when set. */
  public Optional<Retry> retry() {
    return Optional.ofNullable(retry);
  }

  /** The circuit breaker, when set. */
  public Optional<CircuitBreaker> circuitBreaker() {
    return Optional.ofNullable(circuitBreaker);
  }

  /** The rate limiter, when set. */
  public Optional<RateLimiter> rateLimiter() {
    return Optional.ofNullable(rateLimiter);
  }

  /** The bulkhead, when set. */
  public Optional<Bulkhead> bulkhead() {
    return Optional.ofNullable(bulkhead);
  }

  /** The timeout, when set. */
  public Optional<Timeout> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** The custom policies, outermost first; empty when none. */
  public List<Policy> custom() {
    return custom;
  }

  /** The fault injection, when set. */
  public Optional<FaultInjection> faultInjection() {
    return Optional.ofNullable(faultInjection);
  }

  /**
   * {@inheritDoc}
   *
   * @throws Exception the call's own exception, unchanged, or the refusal of the outermost policy
   *     that refused it (for example {@link CircuitBreakerOpenException}) when no fallback answered
   */
  @Override
  public <T> T call(Callable<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return chain.length == 0 ? call.call() : callFrom(0, call);
  }

  private <T> T callFrom(int index, Callable<T> call) throws Exception {
    if (index == chain.length - 1) {
      return chain[index].call(call);
    }
    return chain[index].call(() -> callFrom(index + 1, call));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The returned stage completes as {@link #call} would return or throw (failures unwrapped from
   * {@link java.util.concurrent.CompletionException}).
   */
  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    Objects.requireNonNull(stage, "stage");
    return chain.length == 0 ? Futures.start(stage) : callAsyncFrom(0, stage);
  }

  private <T> CompletionStage<T> callAsyncFrom(
      int index, Supplier<? extends CompletionStage<T>> stage) {
    if (index == chain.length - 1) {
      return chain[index].callAsync(stage);
    }
    return chain[index].callAsync(() -> callAsyncFrom(index + 1, stage));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Pipeline[");
    for (int i = 0; i < chain.length; i++) {
      text.append(i == 0 ? "" : " -> ").append(chain[i]);
    }
    return text.append(chain.length == 0 ? "call]" : " -> call]").toString();
  }
}
