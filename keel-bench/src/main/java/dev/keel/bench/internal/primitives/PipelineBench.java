package dev.keel.bench.internal.primitives;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A composed pipeline, outermost first: retry, circuit breaker, rate limiter, then the operation;
 * each stage configured as in {@link RetryBench}, {@link BreakerBench} and {@link
 * RateLimiterBench}. Bulkhead and timeout are left out: a timeout needs a second thread per call in
 * the peers, which would measure the executor rather than the policies.
 */
@State(Scope.Benchmark)
public class PipelineBench {

  private Workload work;
  private Supplier<Integer> r4jDecorated;
  private FailsafeExecutor<Integer> failsafeExecutor;
  private dev.keel.core.Pipeline keelPipeline;

  /** Builds one pipeline per library, shared by all benchmark threads. */
  @Setup
  public void setUp() {
    work = new Workload();
    var limiter =
        io.github.resilience4j.ratelimiter.RateLimiter.of(
            "bench",
            io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
                .limitForPeriod(Workload.HUGE)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    var breaker =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "bench",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowSize(100)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .build());
    var retry =
        io.github.resilience4j.retry.Retry.of(
            "bench",
            io.github.resilience4j.retry.RetryConfig.<Integer>custom()
                .maxAttempts(3)
                .intervalFunction(
                    io.github.resilience4j.core.IntervalFunction.ofExponentialBackoff(
                        Duration.ofSeconds(5), 2.0))
                .build());
    r4jDecorated =
        io.github.resilience4j.retry.Retry.decorateSupplier(
            retry,
            io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
                breaker,
                io.github.resilience4j.ratelimiter.RateLimiter.decorateSupplier(
                    limiter, work.supplier)));

    failsafeExecutor =
        Failsafe.with(
            RetryPolicy.<Integer>builder()
                .withMaxAttempts(3)
                .withBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5))
                .build(),
            dev.failsafe.CircuitBreaker.<Integer>builder()
                .withFailureThreshold(5)
                .withDelay(Duration.ofSeconds(30))
                .build(),
            dev.failsafe.RateLimiter.<Integer>burstyBuilder(Workload.HUGE, Duration.ofSeconds(1))
                .build());

    dev.keel.core.RateLimiter keelLimiter =
        dev.keel.core.RateLimiter.builder("bench")
            .capacity(Workload.HUGE)
            .refill(Workload.HUGE, Duration.ofSeconds(1))
            .build();
    dev.keel.core.CircuitBreaker keelBreaker = dev.keel.core.CircuitBreaker.ofDefaults("bench");
    dev.keel.core.Retry keelRetry =
        dev.keel.core.Retry.builder("bench")
            .maxAttempts(3)
            .backoff(Duration.ofSeconds(5), Duration.ofMinutes(5))
            .build();
    keelPipeline =
        dev.keel.core.Pipeline.builder()
            .rateLimiter(keelLimiter)
            .circuitBreaker(keelBreaker)
            .retry(keelRetry)
            .build();
  }

  /** Keel: a {@code Pipeline} of retry, breaker and limiter (it orders them itself). */
  @Benchmark
  public Integer keel() throws Exception {
    return keelPipeline.call(work.callable);
  }

  /** Resilience4j: retry(breaker(limiter(op))) decorated once. */
  @Benchmark
  public Integer resilience4j() {
    return r4jDecorated.get();
  }

  /** Failsafe: {@code Failsafe.with(retry, breaker, limiter)}, outermost first. */
  @Benchmark
  public Integer failsafe() {
    return failsafeExecutor.get(work.checked);
  }
}
