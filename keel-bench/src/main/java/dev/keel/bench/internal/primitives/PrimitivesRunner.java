package dev.keel.bench.internal.primitives;

import dev.keel.bench.internal.Jvm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of this package through JMH's API, at 1 and then 2 threads, with the GC
 * profiler, and returns one {@link Measurement} per method and thread count.
 */
public final class PrimitivesRunner {

  /** The thread counts of the table; at 2, both threads share one policy instance. */
  public static final int[] THREADS = {1, 2};

  /**
   * How long to run.
   *
   * @param forks JVM forks per benchmark; 0 runs in this JVM (tests only: less isolation)
   * @param warmups warmup iterations
   * @param warmupMillis length of one warmup iteration
   * @param iterations measured iterations
   * @param iterationMillis length of one measured iteration
   * @param include regex of benchmarks to run (JMH's include), e.g. {@code ".*"}
   */
  public record Plan(
      int forks,
      int warmups,
      long warmupMillis,
      int iterations,
      long iterationMillis,
      String include) {

    /**
     * The full run: about 7 minutes for 17 benchmarks at two thread counts. Five warmup seconds:
     * with three, C2 was still compiling keel-http's client (the deepest call graph here) through
     * the first measured iterations.
     */
    public static Plan full() {
      return new Plan(1, 5, 1000, 5, 1000, PrimitivesRunner.class.getPackageName() + "\\..*");
    }

    /** A moment per benchmark, for CI: one fork, one 100 ms warmup and measurement. */
    public static Plan smoke() {
      return new Plan(1, 1, 100, 1, 100, PrimitivesRunner.class.getPackageName() + "\\..*");
    }

    /** The same plan run inside this JVM (no fork), for the unit test. */
    public Plan inProcess() {
      return new Plan(0, warmups, warmupMillis, iterations, iterationMillis, include);
    }
  }

  private PrimitivesRunner() {}

  /**
   * Runs the plan at every thread count.
   *
   * @throws RunnerException when JMH fails, including when a benchmark throws
   */
  public static List<Measurement> run(Plan plan) throws RunnerException {
    List<Measurement> all = new ArrayList<>();
    for (int threads : THREADS) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include(plan.include())
              .threads(threads)
              .forks(plan.forks())
              .warmupIterations(plan.warmups())
              .warmupTime(TimeValue.milliseconds(plan.warmupMillis()))
              .measurementIterations(plan.iterations())
              .measurementTime(TimeValue.milliseconds(plan.iterationMillis()))
              .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
              .timeUnit(TimeUnit.NANOSECONDS)
              .addProfiler(GCProfiler.class)
              .shouldFailOnError(true);
      if (plan.forks() > 0) {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"));
        jvmArgs.addAll(Jvm.SIMPLE_LOGGING);
        options = options.jvmArgs(jvmArgs.toArray(String[]::new));
      }
      Collection<RunResult> results = new Runner(options.build()).run();
      for (RunResult result : results) {
        all.add(toMeasurement(result));
      }
    }
    return all;
  }

  static Measurement toMeasurement(RunResult result) {
    String benchmark = result.getParams().getBenchmark();
    int dot = benchmark.lastIndexOf('.');
    String method = benchmark.substring(dot + 1);
    String type = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
    String group = type.endsWith("Bench") ? type.substring(0, type.length() - 5) : type;
    Result<?> primary = result.getPrimaryResult();
    return new Measurement(
        group,
        method,
        result.getParams().getThreads(),
        primary.getScore(),
        primary.getScoreError(),
        allocation(result));
  }

  // JMH declares getSecondaryResults() as Map<String, Result> with a raw Result; nothing to fix
  // here.
  @SuppressWarnings("rawtypes")
  private static double allocation(RunResult result) {
    for (var e : result.getSecondaryResults().entrySet()) {
      // JMH 1.37 names it "gc.alloc.rate.norm"; older versions prefixed a middle dot.
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return e.getValue().getScore();
      }
    }
    return Double.NaN;
  }
}
