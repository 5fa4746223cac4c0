package dev.keel.bench.internal.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one client measured in one child JVM, passed to the parent as one tab-separated line {@code
 * HTTP-RESULT\tkey=value…}.
 *
 * @param logging the request-log setting of the child: {@code file} or {@code off}
 * @param variant the client
 * @param requests requests per round
 * @param rates requests per second of each round, in round order
 * @param cpu CPU time of the JVM per request in each round, µs (clients and endpoint together)
 * @param p50Micros median latency over all rounds' requests
 * @param p99Micros 99th percentile of the same
 * @param p999Micros 99.9th percentile of the same
 * @param errors requests that failed or answered wrongly
 * @param firstError the first of them, or empty
 */
record HttpResult(
    String logging,
    Variant variant,
    int requests,
    List<Double> rates,
    List<Double> cpu,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    long errors,
    String firstError) {

  static final String PREFIX = "HTTP-RESULT\t";

  String encode() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("logging", logging);
    m.put("variant", variant.name());
    m.put("requests", Integer.toString(requests));
    m.put("rates", join(rates));
    m.put("cpu", join(cpu));
    m.put("p50", Double.toString(p50Micros));
    m.put("p99", Double.toString(p99Micros));
    m.put("p999", Double.toString(p999Micros));
    m.put("errors", Long.toString(errors));
    m.put("error", firstError);
    return Lines.encode(PREFIX, m);
  }

  static HttpResult decode(String line) {
    Map<String, String> m = Lines.decode(PREFIX, line);
    return new HttpResult(
        m.getOrDefault("logging", "?"),
        Variant.valueOf(m.get("variant")),
        Integer.parseInt(m.getOrDefault("requests", "0")),
        split(m.getOrDefault("rates", "")),
        split(m.getOrDefault("cpu", "")),
        Double.parseDouble(m.getOrDefault("p50", "NaN")),
        Double.parseDouble(m.getOrDefault("p99", "NaN")),
        Double.parseDouble(m.getOrDefault("p999", "NaN")),
        Long.parseLong(m.getOrDefault("errors", "0")),
        m.getOrDefault("error", ""));
  }

  private static String join(List<Double> values) {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, "%.3f", v))
        .collect(Collectors.joining(","));
  }

  private static List<Double> split(String values) {
    return values.isEmpty()
        ? List.of()
        : Arrays.stream(values.split(",")).map(Double::valueOf).toList();
  }
}
