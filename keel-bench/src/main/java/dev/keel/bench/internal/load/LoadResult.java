package dev.keel.bench.internal.load;

import java.util.Arrays;

/**
 * The outcome of one {@link ClosedLoop} run: how many calls, how many failed, the wall time and
 * every call's latency.
 *
 * @param operations calls made
 * @param errors calls that threw
 * @param firstError the first error as "Type: message", empty if none
 * @param wallNanos from the release of the threads to the end of the last call
 * @param cpuNanos CPU time of the whole process over the same span (all threads: callers, the
 *     client's own threads, GC, and anything else running in the JVM); negative if unknown
 * @param latencyNanos each call's duration, in index order (copied and sorted on demand)
 */
public record LoadResult(
    int operations,
    long errors,
    String firstError,
    long wallNanos,
    long cpuNanos,
    long[] latencyNanos) {

  /** Calls per second over the wall time. */
  public double perSecond() {
    return operations / (wallNanos / 1e9);
  }

  /**
   * The shortest CPU time worth dividing: the JVM reads process CPU time from the OS's clock ticks
   * (10 ms on Linux), so shorter runs would show noise.
   */
  static final long MIN_CPU_NANOS = 50_000_000L;

  /**
   * CPU time of the process per call, in microseconds; NaN if unknown or too short to measure
   * (under 50 ms in total).
   */
  public double cpuMicrosPerOp() {
    return cpuNanos < MIN_CPU_NANOS ? Double.NaN : cpuNanos / 1_000.0 / operations;
  }

  /** The latencies sorted ascending (a copy). */
  public long[] sorted() {
    long[] copy = latencyNanos.clone();
    Arrays.sort(copy);
    return copy;
  }

  /**
   * The {@code p}-quantile of sorted latencies by the nearest-rank method, in microseconds.
   *
   * @param sorted ascending latencies in nanoseconds, not empty
   * @param p in (0, 1]
   */
  public static double quantileMicros(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000.0;
  }

  /** All latencies of several runs, sorted ascending. */
  public static long[] pooled(Iterable<LoadResult> runs) {
    int size = 0;
    for (LoadResult r : runs) {
      size += r.latencyNanos.length;
    }
    long[] all = new long[size];
    int at = 0;
    for (LoadResult r : runs) {
      System.arraycopy(r.latencyNanos, 0, all, at, r.latencyNanos.length);
      at += r.latencyNanos.length;
    }
    Arrays.sort(all);
    return all;
  }
}
