package dev.keel.bench.internal.primitives;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Runs every JMH benchmark of the primitives for a moment, in this JVM, at 1 and 2 threads: the
 * benchmarks compile, run without throwing, and yield a time and an allocation figure each. Not a
 * measurement: the figures are not asserted beyond being real numbers.
 */
class BenchSmokeTest {

  private static final List<Class<?>> BENCHMARKS =
      List.of(
          DirectBench.class,
          BreakerBench.class,
          RateLimiterBench.class,
          RetryBench.class,
          PipelineBench.class,
          HttpLayersBench.class);

  @Test
  void everyBenchmarkRunsAtOneAndTwoThreadsWithAnAllocationFigure() throws Exception {
    List<Measurement> results = PrimitivesRunner.run(PrimitivesRunner.Plan.smoke().inProcess());

    Set<String> expected = new TreeSet<>();
    for (Class<?> type : BENCHMARKS) {
      String group = type.getSimpleName().replace("Bench", "");
      for (Method m : type.getMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          for (int threads : PrimitivesRunner.THREADS) {
            expected.add(group + "." + m.getName() + "@" + threads);
          }
        }
      }
    }
    Set<String> measured =
        results.stream()
            .map(r -> r.group() + "." + r.impl() + "@" + r.threads())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(measured).isEqualTo(expected);

    List<String> bad = new ArrayList<>();
    for (Measurement r : results) {
      if (!(r.nsPerOp() > 0) || Double.isInfinite(r.nsPerOp()) || !(r.bytesPerOp() >= 0)) {
        bad.add(r.toString());
      }
    }
    assertThat(bad).as("results without a positive time or an allocation figure").isEmpty();

    String table = new PrimitivesReport(results).table();
    assertThat(table.lines().count()).isEqualTo(2 + expected.size() / 2);
  }
}
