package dev.keel.bench.internal.http;

import dev.keel.bench.internal.load.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The markdown table of the HTTP benchmark, with Keel ÷ bare ratios and the target. */
final class HttpReport {

  /** Keel within 10 % of bare (issue 5). */
  static final double TARGET = 0.90;

  private final List<HttpResult> results;

  HttpReport(List<HttpResult> results) {
    this.results = List.copyOf(results);
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| request log | client | req/s (median) | rounds' range | req/s ÷ bare | p50, µs |"
            + " p99, µs | p99.9, µs | p99 ÷ bare | CPU per request, µs | CPU ÷ bare | errors |\n");
    out.append(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (HttpResult r : results) {
      Optional<HttpResult> bare = find(r.logging(), Variant.JDK);
      boolean base = r.variant() == Variant.JDK;
      out.append("| ")
          .append(HttpCommand.loggingLabel(r.logging()))
          .append(" | ")
          .append(r.variant().label())
          .append(" | ")
          .append(fmt("%,.0f", Stats.median(r.rates())))
          .append(" | ")
          .append(fmt("%,.0f", Stats.min(r.rates())))
          .append("–")
          .append(fmt("%,.0f", Stats.max(r.rates())))
          .append(" | ")
          .append(base ? "1" : fmt("%.3f", pairedRatio(r.rates(), bare.map(HttpResult::rates))))
          .append(" | ")
          .append(fmt("%,.0f", r.p50Micros()))
          .append(" | ")
          .append(fmt("%,.0f", r.p99Micros()))
          .append(" | ")
          .append(fmt("%,.0f", r.p999Micros()))
          .append(" | ")
          .append(
              base ? "1" : bare.map(b -> fmt("%.2f", r.p99Micros() / b.p99Micros())).orElse("—"))
          .append(" | ")
          .append(fmt("%.1f", Stats.mean(r.cpu())))
          .append(" | ")
          .append(base ? "1" : fmt("%.3f", cpuRatio(r, bare)))
          .append(" | ")
          .append(
              r.errors() == 0 ? "0" : r.errors() + " (" + r.firstError().replace("|", "\\|") + ")")
          .append(" |\n");
    }
    return out.toString();
  }

  /** One line per request-log setting: Keel ÷ bare against the target. */
  String targets() {
    StringBuilder out = new StringBuilder();
    for (String logging : loggings()) {
      Optional<HttpResult> keel = find(logging, Variant.KEEL);
      Optional<HttpResult> bare = find(logging, Variant.JDK);
      if (keel.isEmpty() || bare.isEmpty()) {
        continue;
      }
      double ratio = pairedRatio(keel.get().rates(), bare.map(HttpResult::rates));
      double cpu = cpuRatio(keel.get(), bare);
      double extra = Stats.mean(keel.get().cpu()) - Stats.mean(bare.get().cpu());
      out.append(
          String.format(
              Locale.ROOT,
              "- Keel within 10 %% of bare, request log %s: req/s ratio %.3f (target ≥ %.2f) →"
                  + " **%s**; CPU per request ratio %.3f (Keel minus bare: %+.1f µs of CPU per"
                  + " request, clients and endpoint sharing one JVM); p99 %,.0f µs vs %,.0f µs\n",
              HttpCommand.loggingLabel(logging),
              ratio,
              TARGET,
              Double.isNaN(ratio) ? "not measured" : ratio >= TARGET ? "met" : "missed",
              cpu,
              extra,
              keel.get().p99Micros(),
              bare.get().p99Micros()));
      Optional<HttpResult> logged = find(logging, Variant.JDK_LOGGED);
      if (logging.equals("file") && logged.isPresent()) {
        out.append(
            String.format(
                Locale.ROOT,
                "- For comparison, request log %s: Keel ÷ the bare client whose caller logs the"
                    + " same line: req/s ratio %.3f; Keel minus it: %+.1f µs of CPU per request\n",
                HttpCommand.loggingLabel(logging),
                pairedRatio(keel.get().rates(), logged.map(HttpResult::rates)),
                Stats.mean(keel.get().cpu()) - Stats.mean(logged.get().cpu())));
      }
    }
    return out.toString();
  }

  /**
   * The median over rounds of {@code values[i] ÷ base[i]}: each round's ratio first, so that a
   * round slowed down by the machine's other load slows both sides of its ratio alike.
   */
  static double pairedRatio(List<Double> values, Optional<List<Double>> base) {
    if (base.isEmpty() || base.get().size() != values.size() || values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      ratios.add(values.get(i) / base.get().get(i));
    }
    return Stats.median(ratios);
  }

  /**
   * CPU per request of {@code r} ÷ the bare client's, over all rounds. Each round's CPU time comes
   * in 10 ms ticks, so totals (means) are compared, not per-round ratios.
   */
  static double cpuRatio(HttpResult r, Optional<HttpResult> bare) {
    return bare.map(b -> Stats.mean(r.cpu()) / Stats.mean(b.cpu())).orElse(Double.NaN);
  }

  private List<String> loggings() {
    return results.stream().map(HttpResult::logging).distinct().toList();
  }

  private Optional<HttpResult> find(String logging, Variant variant) {
    return results.stream()
        .filter(r -> r.logging().equals(logging) && r.variant() == variant)
        .findFirst();
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, format, value);
  }
}
