package dev.keel.bench.internal.primitives;

/**
 * One JMH result: a benchmark method of a group at a thread count.
 *
 * @param group the primitive, from the benchmark class ({@code BreakerBench} is "Breaker")
 * @param impl the benchmark method, e.g. {@code resilience4j} or {@code keelPermission}
 * @param threads benchmark threads sharing the state
 * @param nsPerOp average time per call per thread, nanoseconds
 * @param nsError the 99.9 % confidence half-width JMH reports (NaN with a single iteration)
 * @param bytesPerOp {@code gc.alloc.rate.norm}: bytes allocated per call, NaN when not profiled
 */
public record Measurement(
    String group, String impl, int threads, double nsPerOp, double nsError, double bytesPerOp) {

  /** Whether this is one of Keel's own benchmarks rather than a peer's or the baseline. */
  public boolean isKeel() {
    return impl.startsWith("keel");
  }
}
