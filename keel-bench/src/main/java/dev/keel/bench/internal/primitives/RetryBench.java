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
 * A retry whose first attempt succeeds: the cost of being ready to retry. Every library: 3 attempts
 * at most, exponential backoff (never reached).
 */
@State(Scope.Benchmark)
public class RetryBench {

  private Workload work;
  private Supplier<Integer> r4jDecorated;
  private FailsafeExecutor<Integer> failsafeExecutor;
  private dev.keel.core.Retry keel;

  /** Builds one retry per library, shared by all benchmark threads. */
  @Setup
  public void setUp() {
    work = new Workload();
    io.github.resilience4j.retry.Retry r4j =
        io.github.resilience4j.retry.Retry.of(
            "bench",
            io.github.resilience4j.retry.RetryConfig.<Integer>custom()
                .maxAttempts(3)
                .intervalFunction(
                    io.github.resilience4j.core.IntervalFunction.ofExponentialBackoff(
                        Duration.ofSeconds(5), 2.0))
                .build());
    r4jDecorated = io.github.resilience4j.retry.Retry.decorateSupplier(r4j, work.supplier);
    RetryPolicy<Integer> failsafe =
        RetryPolicy.<Integer>builder()
            .withMaxAttempts(3)
            .withBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5))
            .build();
    failsafeExecutor = Failsafe.with(failsafe);
    keel =
        dev.keel.core.Retry.builder("bench")
            .maxAttempts(3)
            .backoff(Duration.ofSeconds(5), Duration.ofMinutes(5))
            .build();
  }

  /** Keel: {@code retry.call(callable)}. */
  @Benchmark
  public Integer keel() throws Exception {
    return keel.call(work.callable);
  }

  /** Resilience4j: a supplier decorated once. */
  @Benchmark
  public Integer resilience4j() {
    return r4jDecorated.get();
  }

  /** Failsafe: {@code Failsafe.with(retryPolicy).get(supplier)}, the executor built once. */
  @Benchmark
  public Integer failsafe() {
    return failsafeExecutor.get(work.checked);
  }
}
