package dev.keel.bench.internal.primitives;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The baseline: the trivial operation called directly, without any policy. */
@State(Scope.Benchmark)
public class DirectBench {

  private Workload work;

  /** Creates the workload once per trial. */
  @Setup
  public void setUp() {
    work = new Workload();
  }

  /** The operation alone. */
  @Benchmark
  public Integer direct() {
    return work.direct();
  }

  /**
   * One {@code System.nanoTime()}: breakers that time each call (Keel, Resilience4j) read the clock
   * twice per call, so this bounds how cheap they can be on this machine.
   */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** The operation through its {@code Supplier}: the indirection every policy adds at least. */
  @Benchmark
  public Integer supplier() {
    return work.supplier.get();
  }
}
