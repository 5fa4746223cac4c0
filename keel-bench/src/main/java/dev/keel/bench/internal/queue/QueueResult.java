package dev.keel.bench.internal.queue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one subject measured, passed from the child JVM to the parent as one tab-separated line
 * {@code RESULT\tkey=value…}.
 *
 * @param subject the subject's name
 * @param jobs jobs enqueued and drained
 * @param workers workers (and enqueuing threads)
 * @param enqueuePerSec jobs enqueued per second, one job per call and commit (the median of the
 *     measured rounds)
 * @param drainPerSec jobs per second from the first start to the last completion committed (the
 *     median of the measured rounds)
 * @param drainRuns each measured round's drain rate, in the order run
 * @param p50Millis median start latency on an idle queue, enqueue call to handler start
 * @param p99Millis 99th percentile of the same
 * @param samples latency samples that started (of those sent)
 * @param settings how the subject was configured
 * @param warmupJobs jobs the warm-up ran before the measured phases
 * @param drainJitShare CPU the JIT compilers used during the drains, as a share of one core (the
 *     median of the measured rounds; NaN where it cannot be read)
 * @param roundSpans each measured round's start and end, epoch milliseconds, in the order run (the
 *     systems take turns, so no two systems' spans overlap)
 * @param error why the run failed, or empty
 */
record QueueResult(
    String subject,
    int jobs,
    int workers,
    double enqueuePerSec,
    double drainPerSec,
    List<Double> drainRuns,
    double p50Millis,
    double p99Millis,
    String samples,
    String settings,
    int warmupJobs,
    double drainJitShare,
    List<Span> roundSpans,
    String error) {

  /** When a measured round ran, in epoch milliseconds; written {@code start-end}. */
  record Span(long startMillis, long endMillis) {

    static Span parse(String text) {
      int dash = text.indexOf('-');
      return new Span(
          Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    }

    @Override
    public String toString() {
      return startMillis + "-" + endMillis;
    }
  }

  static final String PREFIX = "RESULT\t";

  /** A result that says only that the subject failed. */
  static QueueResult failed(String subject, String error) {
    return new QueueResult(
        subject,
        0,
        0,
        Double.NaN,
        Double.NaN,
        List.of(),
        Double.NaN,
        Double.NaN,
        "",
        "",
        0,
        Double.NaN,
        List.of(),
        error);
  }

  boolean ok() {
    return error.isEmpty();
  }

  String encode() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("subject", subject);
    m.put("jobs", Integer.toString(jobs));
    m.put("workers", Integer.toString(workers));
    m.put("enqueue", num(enqueuePerSec));
    m.put("drain", num(drainPerSec));
    m.put("drains", String.join(",", drainRuns.stream().map(QueueResult::num).toList()));
    m.put("p50", num(p50Millis));
    m.put("p99", num(p99Millis));
    m.put("samples", samples);
    m.put("settings", settings);
    m.put("warmup", Integer.toString(warmupJobs));
    m.put("jit", num(drainJitShare));
    m.put("spans", String.join(",", roundSpans.stream().map(Span::toString).toList()));
    m.put("error", error);
    StringBuilder out = new StringBuilder(PREFIX);
    m.forEach((k, v) -> out.append(k).append('=').append(clean(v)).append('\t'));
    return out.toString().stripTrailing();
  }

  static QueueResult decode(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : line.substring(PREFIX.length()).split("\t")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return new QueueResult(
        m.getOrDefault("subject", "?"),
        Integer.parseInt(m.getOrDefault("jobs", "0")),
        Integer.parseInt(m.getOrDefault("workers", "0")),
        Double.parseDouble(m.getOrDefault("enqueue", "NaN")),
        Double.parseDouble(m.getOrDefault("drain", "NaN")),
        m.getOrDefault("drains", "").isEmpty()
            ? List.of()
            : Arrays.stream(m.get("drains").split(",")).map(Double::valueOf).toList(),
        Double.parseDouble(m.getOrDefault("p50", "NaN")),
        Double.parseDouble(m.getOrDefault("p99", "NaN")),
        m.getOrDefault("samples", ""),
        m.getOrDefault("settings", ""),
        Integer.parseInt(m.getOrDefault("warmup", "0")),
        Double.parseDouble(m.getOrDefault("jit", "NaN")),
        m.getOrDefault("spans", "").isEmpty()
            ? List.of()
            : Arrays.stream(m.get("spans").split(",")).map(Span::parse).toList(),
        m.getOrDefault("error", ""));
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
