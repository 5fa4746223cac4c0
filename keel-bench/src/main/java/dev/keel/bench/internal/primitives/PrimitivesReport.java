package dev.keel.bench.internal.primitives;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns measurements into the markdown of {@code docs/benchmarks.md}: one table of ns/op and B/op
 * at 1 and 2 threads with Keel ÷ peer ratios, then the targets, each met or missed.
 */
public final class PrimitivesReport {

  /**
   * keel-http's client over an in-memory {@code HttpClient}: it allocates the request's and
   * response's objects by design, so the no-allocation target (keel-core's primitives) leaves it
   * out.
   */
  static final String HTTP_LAYERS = "HttpLayers";

  /** Groups in table order, with the label shown. */
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("Direct", "no policy (baseline)");
    GROUPS.put("Breaker", "circuit breaker, closed, success");
    GROUPS.put("RateLimiter", "rate limiter, tryAcquire");
    GROUPS.put("Retry", "retry, first attempt succeeds");
    GROUPS.put("Pipeline", "retry → breaker → limiter");
    GROUPS.put(
        HTTP_LAYERS, "keel-http client, GET answered in memory (no network, request log off)");
  }

  /** Peer order within a group. */
  private static final List<String> ORDER =
      List.of("keel", "resilience4j", "failsafe", "bucket4j", "direct", "supplier", "nanoTime");

  /** Below this many bytes per call, JMH's normalised allocation is sampling noise: zero. */
  static final double ZERO_BYTES = 1.0;

  private final List<Measurement> measurements;

  /** Wraps the measurements of one run. */
  public PrimitivesReport(List<Measurement> measurements) {
    this.measurements = List.copyOf(measurements);
  }

  /** The markdown table, one row per benchmark method. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| primitive | implementation | ns/op ± 99.9 % CI, 1 thread | ns/op ± 99.9 % CI, 2 threads | B/op, 1 thread |"
            + " B/op, 2 threads | Keel ÷ this, 1 thread | Keel ÷ this, 2 threads |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (var group : GROUPS.entrySet()) {
      for (String impl : impls(group.getKey())) {
        out.append("| ")
            .append(group.getValue())
            .append(" | ")
            .append(label(impl))
            .append(" | ")
            .append(ns(find(group.getKey(), impl, 1)))
            .append(" | ")
            .append(ns(find(group.getKey(), impl, 2)))
            .append(" | ")
            .append(bytes(find(group.getKey(), impl, 1)))
            .append(" | ")
            .append(bytes(find(group.getKey(), impl, 2)))
            .append(" | ")
            .append(ratioCell(group.getKey(), impl, 1))
            .append(" | ")
            .append(ratioCell(group.getKey(), impl, 2))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** The targets, each with the measured ratio and met / missed / not measured. */
  public String targets() {
    List<String> lines = new ArrayList<>();
    // Like for like: Keel's wrapped call against Resilience4j's decorated supplier. Both time the
    // call inside the breaker; the permission rows pay for the benchmark's own clock reads.
    String breakerKeel = "keel";
    lines.add(
        target(
            "breaker ≤ 1/3 of Resilience4j's, 1 thread",
            "Breaker",
            breakerKeel,
            List.of("resilience4j"),
            1,
            1.0 / 3));
    lines.add(
        target(
            "breaker ≤ 1/10 of Resilience4j's, 2 threads",
            "Breaker",
            breakerKeel,
            List.of("resilience4j"),
            2,
            0.1));
    List<String> limiterPeers = List.of("resilience4j", "failsafe", "bucket4j");
    lines.add(
        target(
            "rate limiter ≤ 1/2 of the fastest peer, 1 thread",
            "RateLimiter",
            "keel",
            limiterPeers,
            1,
            0.5));
    lines.add(
        target(
            "rate limiter ≤ 1/4 of the fastest peer, 2 threads",
            "RateLimiter",
            "keel",
            limiterPeers,
            2,
            0.25));
    for (int t : PrimitivesRunner.THREADS) {
      lines.add(
          target(
              "retry no slower than Resilience4j's, " + threadWord(t),
              "Retry",
              "keel",
              List.of("resilience4j"),
              t,
              1.0));
    }
    lines.add(allocationTarget());
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append("- ").append(line).append('\n');
    }
    return out.toString();
  }

  private String allocationTarget() {
    List<Measurement> keel =
        measurements.stream()
            .filter(Measurement::isKeel)
            .filter(m -> !m.group().equals(HTTP_LAYERS))
            .toList();
    if (keel.isEmpty()) {
      return "no allocation per call: **not measured** (no Keel benchmark in this run)";
    }
    List<String> allocating =
        keel.stream()
            .filter(m -> !(m.bytesPerOp() < ZERO_BYTES))
            .map(m -> m.group() + "." + m.impl() + " at " + threadWord(m.threads()))
            .toList();
    return allocating.isEmpty()
        ? "no allocation per call (every keel-core row < 1 B/op; the keel-http row is left out): **met**"
        : "no allocation per call: **missed** by " + String.join(", ", allocating);
  }

  private String target(
      String what, String group, String keelImpl, List<String> peers, int threads, double max) {
    Optional<Measurement> keel = find(group, keelImpl, threads);
    Optional<Measurement> peer =
        peers.stream()
            .map(p -> find(group, p, threads))
            .flatMap(Optional::stream)
            .min(Comparator.comparingDouble(Measurement::nsPerOp));
    if (keel.isEmpty() || peer.isEmpty()) {
      return what + ": **not measured**" + (keel.isEmpty() ? " (Keel's side is missing)" : "");
    }
    double ratio = keel.get().nsPerOp() / peer.get().nsPerOp();
    return String.format(
        Locale.ROOT,
        "%s: Keel (%s) ÷ %s = %.2f → **%s**",
        what,
        keelImpl,
        peer.get().impl(),
        ratio,
        ratio <= max ? "met" : "missed");
  }

  private String ratioCell(String group, String impl, int threads) {
    if (impl.startsWith("keel") || group.equals("Direct")) {
      return "";
    }
    String keelImpl = impl.endsWith("Permission") ? "keelPermission" : "keel";
    Optional<Measurement> keel = find(group, keelImpl, threads);
    Optional<Measurement> peer = find(group, impl, threads);
    if (peer.isEmpty()) {
      return "";
    }
    if (keel.isEmpty()) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f", keel.get().nsPerOp() / peer.get().nsPerOp());
  }

  private List<String> impls(String group) {
    return measurements.stream()
        .filter(m -> m.group().equals(group))
        .map(Measurement::impl)
        .distinct()
        .sorted(Comparator.comparingInt(PrimitivesReport::rank).thenComparing(i -> i))
        .toList();
  }

  private static int rank(String impl) {
    int form = impl.endsWith("Permission") ? 1 : impl.endsWith("Outcome") ? 2 : 0;
    String base = impl.replaceAll("(Permission|Outcome)$", "");
    int i = ORDER.indexOf(base);
    return (i < 0 ? ORDER.size() : i) * 3 + form;
  }

  private boolean has(String group, String impl) {
    return measurements.stream().anyMatch(m -> m.group().equals(group) && m.impl().equals(impl));
  }

  private Optional<Measurement> find(String group, String impl, int threads) {
    return measurements.stream()
        .filter(m -> m.group().equals(group) && m.impl().equals(impl) && m.threads() == threads)
        .findFirst();
  }

  private static String label(String impl) {
    return switch (impl) {
      case "keel" -> "**Keel**";
      case "keelPermission" -> "**Keel**, permission form";
      case "keelOutcome" -> "**Keel**, `execute` → `Outcome`";
      case "resilience4j" -> "Resilience4j 2.4.0";
      case "resilience4jPermission" -> "Resilience4j 2.4.0, permission form";
      case "failsafe" -> "Failsafe 3.3.2";
      case "failsafePermission" -> "Failsafe 3.3.2, permission form";
      case "bucket4j" -> "Bucket4j 8.19.0";
      case "direct" -> "direct call";
      case "supplier" -> "through a Supplier";
      case "nanoTime" -> "one `System.nanoTime()`";
      default -> impl;
    };
  }

  private static String ns(Optional<Measurement> m) {
    return m.map(
            x ->
                Double.isNaN(x.nsError())
                    ? String.format(Locale.ROOT, "%.1f", x.nsPerOp())
                    : String.format(Locale.ROOT, "%.1f ± %.1f", x.nsPerOp(), x.nsError()))
        .orElse("—");
  }

  private static String bytes(Optional<Measurement> m) {
    return m.map(
            x ->
                Double.isNaN(x.bytesPerOp())
                    ? "—"
                    : x.bytesPerOp() < ZERO_BYTES
                        ? "0"
                        : String.format(Locale.ROOT, "%.0f", x.bytesPerOp()))
        .orElse("—");
  }

  private static String threadWord(int threads) {
    return threads == 1 ? "1 thread" : threads + " threads";
  }
}
