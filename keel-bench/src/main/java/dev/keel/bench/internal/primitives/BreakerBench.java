package dev.keel.bench.internal.primitives;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import java.time.Duration;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A closed circuit breaker on the success path. Each library gets the configuration closest to
 * Keel's default (open after 5 consecutive failures, 30 s cooldown): Failsafe has the same
 * consecutive-failure mode; Resilience4j has only failure-rate windows, so it gets its default
 * count-based window of 100 calls at 50 %. On the success path the window kind only changes what is
 * recorded per call, not whether.
 *
 * <p>Two forms per library: the wrapping call ({@code decorate}/{@code get}/{@code call}) and the
 * permission form (ask, run, report) that hot paths use to avoid a lambda and an exception; Keel
 * has a third, {@code execute}, which returns an {@code Outcome} instead of throwing.
 */
@State(Scope.Benchmark)
public class BreakerBench {

  private Workload work;
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4j;
  private Supplier<Integer> r4jDecorated;
  private dev.failsafe.CircuitBreaker<Integer> failsafe;
  private FailsafeExecutor<Integer> failsafeExecutor;
  private dev.keel.core.CircuitBreaker keel;

  /** Builds one breaker per library, shared by all benchmark threads. */
  @Setup
  public void setUp() {
    work = new Workload();
    r4j =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "bench",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowType(
                    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType
                        .COUNT_BASED)
                .slidingWindowSize(100)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .build());
    r4jDecorated =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4j, work.supplier);
    failsafe =
        dev.failsafe.CircuitBreaker.<Integer>builder()
            .withFailureThreshold(5)
            .withDelay(Duration.ofSeconds(30))
            .build();
    failsafeExecutor = Failsafe.with(failsafe);
    keel = dev.keel.core.CircuitBreaker.ofDefaults("bench");
  }

  /** Keel: {@code breaker.call(callable)}. */
  @Benchmark
  public Integer keel() throws Exception {
    return keel.call(work.callable);
  }

  /** Keel: {@code tryAcquirePermission}, run, {@code onSuccess} with the duration. */
  @Benchmark
  public Integer keelPermission() {
    if (!keel.tryAcquirePermission()) {
      return null;
    }
    long start = System.nanoTime();
    Integer result = work.direct();
    keel.onSuccess(System.nanoTime() - start);
    return result;
  }

  /**
   * Keel: {@code breaker.execute(callable)}, the non-throwing form returning an {@code Outcome}.
   */
  @Benchmark
  public Integer keelOutcome() {
    return keel.execute(work.callable) instanceof dev.keel.core.Outcome.Success<Integer> s
        ? s.value()
        : null;
  }

  /** Resilience4j: a supplier decorated once, called per operation. */
  @Benchmark
  public Integer resilience4j() {
    return r4jDecorated.get();
  }

  /** Resilience4j: {@code tryAcquirePermission}, run, {@code onSuccess} with the duration. */
  @Benchmark
  public Integer resilience4jPermission() {
    if (!r4j.tryAcquirePermission()) {
      return null;
    }
    long start = r4j.getCurrentTimestamp();
    Integer result = work.direct();
    r4j.onSuccess(r4j.getCurrentTimestamp() - start, r4j.getTimestampUnit());
    return result;
  }

  /** Failsafe: {@code Failsafe.with(breaker).get(supplier)}, the executor built once. */
  @Benchmark
  public Integer failsafe() {
    return failsafeExecutor.get(work.checked);
  }

  /** Failsafe: {@code tryAcquirePermit}, run, {@code recordSuccess}. */
  @Benchmark
  public Integer failsafePermission() {
    if (!failsafe.tryAcquirePermit()) {
      return null;
    }
    Integer result = work.direct();
    failsafe.recordSuccess();
    return result;
  }
}
