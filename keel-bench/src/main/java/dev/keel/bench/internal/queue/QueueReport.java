package dev.keel.bench.internal.queue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The markdown table of the queue benchmark, with ratios and the targets. */
final class QueueReport {

  private final List<QueueResult> results;

  QueueReport(List<QueueResult> results) {
    this.results = List.copyOf(results);
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| system | enqueue, jobs/s | drain, jobs/s | drain runs, jobs/s | drain ÷ raw ceiling |"
            + " drain ÷ db-scheduler | idle start p50, ms | idle start p99, ms | samples | warm-up"
            + " jobs | JIT during drain, % of a core | settings |\n");
    out.append(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    Optional<QueueResult> raw = find("raw");
    Optional<QueueResult> dbs = find("dbscheduler");
    for (QueueResult r : results) {
      out.append("| ").append(Subjects.label(r.subject())).append(" | ");
      if (!r.ok() && Double.isNaN(r.drainPerSec())) {
        out.append("failed: ")
            .append(r.error().replace("|", "\\|"))
            .append(" | | | | | | | | | | |\n");
        continue;
      }
      out.append(fmt("%.0f", r.enqueuePerSec()))
          .append(" | ")
          .append(fmt("%.0f", r.drainPerSec()))
          .append(" | ")
          .append(String.join(" / ", r.drainRuns().stream().map(d -> fmt("%.0f", d)).toList()))
          .append(" | ")
          .append(ratio(r, raw))
          .append(" | ")
          .append(ratio(r, dbs))
          .append(" | ")
          .append(fmt("%.1f", r.p50Millis()))
          .append(" | ")
          .append(fmt("%.1f", r.p99Millis()))
          .append(" | ")
          .append(r.samples())
          .append(r.ok() ? "" : " (" + r.error() + ")")
          .append(" | ")
          .append(r.warmupJobs())
          .append(" | ")
          .append(fmt("%.0f", r.drainJitShare() * 100))
          .append(" | ")
          .append(r.settings())
          .append(" |\n");
    }
    return out.toString();
  }

  String targets() {
    Optional<QueueResult> keel = find("keel-postgres").filter(r -> !Double.isNaN(r.drainPerSec()));
    Optional<QueueResult> raw = find("raw");
    String drain;
    String latency;
    if (keel.isEmpty()) {
      drain =
          "Keel on PostgreSQL ≥ 70 % of the raw ceiling: **not measured** (keel-jobs is not"
              + " on main yet)";
      latency =
          "Keel idle start latency p50 < 10 ms, enqueuer in another process: **not measured**";
    } else {
      drain =
          raw.filter(r -> !Double.isNaN(r.drainPerSec()))
              .map(
                  r -> {
                    double share = keel.get().drainPerSec() / r.drainPerSec();
                    return String.format(
                        Locale.ROOT,
                        "Keel on PostgreSQL ≥ 70 %% of the raw ceiling: %.0f %% → **%s**",
                        share * 100,
                        share >= 0.7 ? "met" : "missed");
                  })
              .orElse(
                  "Keel on PostgreSQL ≥ 70 % of the raw ceiling: **not measured** (raw failed)");
      double p50 = keel.get().p50Millis();
      latency =
          String.format(
              Locale.ROOT,
              "Keel idle start latency p50 < 10 ms, enqueuer in another process: %.1f ms → **%s**",
              p50,
              p50 < 10 ? "met" : "missed");
    }
    return "- " + drain + "\n- " + latency + "\n";
  }

  private Optional<QueueResult> find(String subject) {
    return results.stream().filter(r -> r.subject().equals(subject)).findFirst();
  }

  private static String ratio(QueueResult r, Optional<QueueResult> base) {
    if (base.isEmpty() || Double.isNaN(base.get().drainPerSec()) || Double.isNaN(r.drainPerSec())) {
      return "—";
    }
    return fmt("%.2f", r.drainPerSec() / base.get().drainPerSec());
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, format, value);
  }
}
