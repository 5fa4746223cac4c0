package dev.keel.bench.internal.idempotency;

import dev.keel.bench.internal.load.LoadResult;
import dev.keel.bench.internal.load.Stats;
import java.util.List;
import java.util.Locale;

/** The markdown table and ratios of the idempotency benchmark. */
final class IdempotencyReport {

  private final List<List<PhaseResult>> rounds;
  private final List<RedisBenchmark.Ceiling> ceilings;

  IdempotencyReport(List<List<PhaseResult>> rounds, List<RedisBenchmark.Ceiling> ceilings) {
    this.rounds = rounds;
    this.ceilings = ceilings;
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| what | ops/s (median) | rounds' range | ÷ no idempotency | p50, µs | p99, µs | JVM CPU"
            + " per op, µs |"
            + " round trips per op (store's counter) | EVALSHA+EVAL per op (server's"
            + " commandstats) | server time per op, µs (commandstats) | errors |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double none = medianRate(Phase.NONE);
    for (Phase phase : Phase.values()) {
      List<PhaseResult> results = of(phase);
      List<Double> rates = rates(results);
      long[] pooled = LoadResult.pooled(results.stream().map(PhaseResult::load).toList());
      long errors = results.stream().mapToLong(r -> r.load().errors()).sum();
      out.append("| ")
          .append(phase.label())
          .append(" | ")
          .append(fmt("%,.0f", Stats.median(rates)))
          .append(" | ")
          .append(fmt("%,.0f", Stats.min(rates)))
          .append("–")
          .append(fmt("%,.0f", Stats.max(rates)))
          .append(" | ")
          .append(phase == Phase.NONE ? "1" : fmt("%.4f", Stats.median(rates) / none))
          .append(" | ")
          .append(micros(LoadResult.quantileMicros(pooled, 0.50)))
          .append(" | ")
          .append(micros(LoadResult.quantileMicros(pooled, 0.99)))
          .append(" | ")
          .append(
              micros(Stats.median(results.stream().map(r -> r.load().cpuMicrosPerOp()).toList())))
          .append(" | ")
          .append(phase.redis() ? fmt("%.3f", tripsPerOp(results)) : "0")
          .append(" | ")
          .append(phase.redis() ? fmt("%.3f", serverCallsPerOp(results)) : "—")
          .append(" | ")
          .append(phase.redis() ? fmt("%.1f", serverMicrosPerOp(results)) : "—")
          .append(" | ")
          .append(errors == 0 ? "0" : errors + " (" + firstError(results) + ")")
          .append(" |\n");
    }
    List<Double> setRates = ceilings.stream().map(RedisBenchmark.Ceiling::perSecond).toList();
    List<Double> setP50 = ceilings.stream().map(RedisBenchmark.Ceiling::p50Micros).toList();
    List<Double> setServer =
        ceilings.stream().map(RedisBenchmark.Ceiling::serverMicrosPerSet).toList();
    out.append("| `redis-benchmark` SET, the ceiling | ")
        .append(fmt("%,.0f", Stats.median(setRates)))
        .append(" | ")
        .append(fmt("%,.0f", Stats.min(setRates)))
        .append("–")
        .append(fmt("%,.0f", Stats.max(setRates)))
        .append(" | — | ")
        .append(micros(Stats.median(setP50)))
        .append(" | — | — | 1 | — | ")
        .append(fmt("%.1f", Stats.median(setServer)))
        .append(" | 0 |\n");
    return out.toString();
  }

  /** The ratios the issue asks for, as sentences. */
  String ratios() {
    double none = medianRate(Phase.NONE);
    double set = Stats.median(ceilings.stream().map(RedisBenchmark.Ceiling::perSecond).toList());
    StringBuilder out = new StringBuilder();
    for (Phase phase : List.of(Phase.REDIS_FIRST, Phase.REDIS_REPLAY)) {
      List<PhaseResult> results = of(phase);
      double rate = medianRate(phase);
      double trips = tripsPerOp(results);
      out.append(
          String.format(
              Locale.ROOT,
              "- %s: %,.0f ops/s = %.1f %% of the SET ceiling in operations, %.1f %% in round trips"
                  + " (%.2f per op → %,.0f commands/s); %.2f %% of the handler-only rate; adds"
                  + " %,.0f µs at p50 and %,.0f µs at p99 to each request.\n",
              phase.label(),
              rate,
              100 * rate / set,
              100 * rate * trips / set,
              trips,
              rate * trips,
              100 * rate / none,
              added(phase, 0.50),
              added(phase, 0.99)));
    }
    return out.toString();
  }

  private double added(Phase phase, double q) {
    long[] with = LoadResult.pooled(of(phase).stream().map(PhaseResult::load).toList());
    long[] without = LoadResult.pooled(of(Phase.NONE).stream().map(PhaseResult::load).toList());
    return LoadResult.quantileMicros(with, q) - LoadResult.quantileMicros(without, q);
  }

  private List<PhaseResult> of(Phase phase) {
    return rounds.stream().flatMap(List::stream).filter(r -> r.phase() == phase).toList();
  }

  private double medianRate(Phase phase) {
    return Stats.median(rates(of(phase)));
  }

  private static List<Double> rates(List<PhaseResult> results) {
    return results.stream().map(r -> r.load().perSecond()).toList();
  }

  private static double tripsPerOp(List<PhaseResult> results) {
    long trips = results.stream().mapToLong(PhaseResult::roundTrips).sum();
    long ops = results.stream().mapToLong(r -> r.load().operations()).sum();
    return (double) trips / ops;
  }

  private static double serverCallsPerOp(List<PhaseResult> results) {
    long calls = results.stream().mapToLong(PhaseResult::serverScriptCalls).sum();
    long ops = results.stream().mapToLong(r -> r.load().operations()).sum();
    return (double) calls / ops;
  }

  private static double serverMicrosPerOp(List<PhaseResult> results) {
    long micros = results.stream().mapToLong(PhaseResult::serverScriptMicros).sum();
    long ops = results.stream().mapToLong(r -> r.load().operations()).sum();
    return (double) micros / ops;
  }

  /** Microseconds with the precision that matters: 0.04, 3.6, 250, 1,498. */
  static String micros(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    return String.format(Locale.ROOT, value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%,.0f", value);
  }

  private static String firstError(List<PhaseResult> results) {
    return results.stream()
        .map(r -> r.load().firstError())
        .filter(e -> !e.isEmpty())
        .findFirst()
        .orElse("")
        .replace("|", "\\|");
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, format, value);
  }
}
