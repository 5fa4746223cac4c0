package dev.keel.bench.internal.primitives;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The trivial operation every primitive wraps: returns a boxed value held in a field (no
 * allocation, cannot be constant-folded away as a whole because the field is read each call).
 *
 * <p>Benchmarks create one instance in their {@code @Setup} so the lambdas below are allocated
 * once, not per call.
 */
final class Workload {

  /** Rates and capacities large enough that no benchmark ever runs out of permits. */
  static final int HUGE = 1_000_000_000;

  /** The value the operation returns; an instance field so the JIT must read it. */
  private Integer value = 42;

  final Supplier<Integer> supplier = () -> value;
  final Callable<Integer> callable = () -> value;
  final dev.failsafe.function.CheckedSupplier<Integer> checked = () -> value;

  Integer direct() {
    return value;
  }
}
