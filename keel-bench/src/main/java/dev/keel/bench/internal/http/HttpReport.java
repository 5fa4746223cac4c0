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
        "| request log | client | req/s (median) | rounds' range | ÷ bare (median of per-round"
            + " ratios) | p50, µs | p99, µs | p99.9, µs | p99 ÷ bare | errors |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (HttpResult r : results) {
      Optional<HttpResult> bare = find(r.logging(), Variant.JDK);
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
          .append(r.variant() == Variant.JDK ? "1" : fmt("%.3f", pairedRatio(r, bare)))
          .append(" | ")
          .append(fmt("%.0f", r.p50Micros()))
          .append(" | ")
          .append(fmt("%.0f", r.p99Micros()))
          .append(" | ")
          .append(fmt("%.0f", r.p999Micros()))
          .append(" | ")
          .append(
              r.variant() == Variant.JDK
                  ? "1"
                  : bare.map(b -> fmt("%.2f", r.p99Micros() / b.p99Micros())).orElse("—"))
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
      double ratio = pairedRatio(keel.get(), bare);
      out.append(
          String.format(
              Locale.ROOT,
              "- Keel within 10 %% of bare (req/s ratio ≥ %.2f), request log %s: %.3f → **%s**"
                  + " (p99 %.0f µs vs %.0f µs)\n",
              TARGET,
              HttpCommand.loggingLabel(logging),
              ratio,
              Double.isNaN(ratio) ? "not measured" : ratio >= TARGET ? "met" : "missed",
              keel.get().p99Micros(),
              bare.get().p99Micros()));
    }
    return out.toString();
  }

  /** The median over rounds of {@code r}'s rate ÷ the bare client's rate in the same round. */
  static double pairedRatio(HttpResult r, Optional<HttpResult> bare) {
    if (bare.isEmpty() || bare.get().rates().size() != r.rates().size()) {
      return Double.NaN;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < r.rates().size(); i++) {
      ratios.add(r.rates().get(i) / bare.get().rates().get(i));
    }
    return Stats.median(ratios);
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
