package dev.keel.bench.internal.primitives;

import dev.keel.bench.internal.DocSection;
import dev.keel.bench.internal.Machine;
import java.nio.file.Path;
import java.util.List;

/** {@code ./keel bench primitives [--smoke] [--doc PATH] [--include REGEX]}. */
public final class PrimitivesCommand {

  private PrimitivesCommand() {}

  /**
   * Runs the primitives benchmarks and writes their section of the document (or prints it).
   *
   * @param smoke a moment per benchmark, printed, not written unless {@code doc} is given
   * @param doc the document to update, or null to print only
   * @param include a JMH include regex, or null for every benchmark
   * @throws Exception when JMH fails or the document cannot be written
   */
  public static void run(boolean smoke, Path doc, String include) throws Exception {
    PrimitivesRunner.Plan plan =
        smoke ? PrimitivesRunner.Plan.smoke() : PrimitivesRunner.Plan.full();
    if (include != null) {
      plan =
          new PrimitivesRunner.Plan(
              plan.forks(),
              plan.warmups(),
              plan.warmupMillis(),
              plan.iterations(),
              plan.iterationMillis(),
              include);
    }
    String loadBefore = Machine.loadAverage();
    long start = System.nanoTime();
    List<Measurement> results = PrimitivesRunner.run(plan);
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    String body = section(new PrimitivesReport(results), plan, smoke, loadBefore, seconds);
    System.out.println();
    System.out.println(body);
    if (doc != null) {
      DocSection.replace(doc, "primitives", body);
      System.out.println("bench: wrote the primitives section of " + doc);
    }
  }

  static String section(
      PrimitivesReport report,
      PrimitivesRunner.Plan plan,
      boolean smoke,
      String loadBefore,
      long seconds) {
    return "Measured "
        + Machine.today()
        + " with `./keel bench primitives"
        + (smoke ? " --smoke" : "")
        + "` in "
        + seconds
        + " s on "
        + Machine.describe()
        + ". Load average (1, 5, 15 min) before: "
        + loadBefore
        + ", after: "
        + Machine.loadAverage()
        + ".\n"
        + Machine.busyWarning(loadBefore)
        + "JMH 1.37, average time per call per thread, "
        + plan.forks()
        + " fork(s), "
        + plan.warmups()
        + " × "
        + plan.warmupMillis()
        + " ms warmup, "
        + plan.iterations()
        + " × "
        + plan.iterationMillis()
        + " ms measurement, `-prof gc` (B/op is `gc.alloc.rate.norm`; under 1 B/op shows as 0)."
        + " At 2 threads both threads share one breaker, limiter or bucket.\n\n"
        + report.table()
        + "\nTargets (issue 2 §4), as ratios in this run:\n\n"
        + report.targets();
  }
}
