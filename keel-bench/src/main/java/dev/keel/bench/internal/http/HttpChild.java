package dev.keel.bench.internal.http;

import dev.keel.bench.internal.load.LoadResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JVM of the HTTP benchmark: starts the endpoint, warms every client up, then runs the measured
 * rounds, rotating the order of the clients each round (and reversing it every other round) so that
 * no client always runs first or last. Prints progress, one {@link HttpResult} line per client and
 * one {@link ChildSummary} line on standard output. How the request log is configured is up to the
 * parent (system properties naming logback and its configuration); {@code logging} only labels the
 * results.
 *
 * <p>Arguments: {@code logging requests rounds warmup}.
 */
public final class HttpChild {

  /** Concurrent virtual threads per client. */
  static final int THREADS = 64;

  private HttpChild() {}

  /**
   * Runs the rounds and prints the results.
   *
   * @param args {@code logging requests rounds warmup}
   * @throws Exception when the endpoint cannot start
   */
  public static void main(String[] args) throws Exception {
    String logging = args[0];
    int requests = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    Map<Variant, List<LoadResult>> results = new EnumMap<>(Variant.class);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (LocalEndpoint endpoint = LocalEndpoint.start();
        Clients clients = new Clients(endpoint.baseUrl(), registry)) {
      for (int w = 0; w < 2; w++) {
        for (Variant v : order(w)) {
          LoadResult r = clients.run(v, THREADS, warmup);
          progress(logging, "warm-up " + (w + 1) + "/2", v, r);
        }
      }
      for (int round = 0; round < rounds; round++) {
        for (Variant v : order(round)) {
          LoadResult r = clients.run(v, THREADS, requests);
          results.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
          progress(logging, "round " + (round + 1) + "/" + rounds, v, r);
        }
      }
      for (Variant v : Variant.values()) {
        List<LoadResult> runs = results.getOrDefault(v, List.of());
        long[] pooled = LoadResult.pooled(runs);
        long errors = runs.stream().mapToLong(LoadResult::errors).sum();
        String firstError =
            runs.stream()
                .map(LoadResult::firstError)
                .filter(e -> !e.isEmpty())
                .findFirst()
                .orElse("");
        System.out.println(
            new HttpResult(
                    logging,
                    v,
                    requests,
                    runs.stream().map(LoadResult::perSecond).toList(),
                    runs.stream().map(LoadResult::cpuMicrosPerOp).toList(),
                    LoadResult.quantileMicros(pooled, 0.50),
                    LoadResult.quantileMicros(pooled, 0.99),
                    LoadResult.quantileMicros(pooled, 0.999),
                    errors,
                    firstError)
                .encode());
      }
      // Scraping proves the registry works as a user would use it (and costs nothing measured).
      if (registry.scrape().isEmpty()) {
        throw new IllegalStateException("the Prometheus registry scraped nothing");
      }
      long sent = 0;
      for (Variant v : Variant.values()) {
        sent += clients.sent(v);
      }
      System.out.println(
          new ChildSummary(
                  logging,
                  sent,
                  endpoint.answered(),
                  clients.sent(Variant.KEEL),
                  clients.keelMetered())
              .encode());
    } finally {
      registry.close();
    }
  }

  /** Round {@code round}'s order: the variants rotated by the round, reversed every other round. */
  static List<Variant> order(int round) {
    List<Variant> order = new ArrayList<>(List.of(Variant.values()));
    Collections.rotate(order, round);
    if (round % 2 == 1) {
      Collections.reverse(order);
    }
    return order;
  }

  private static void progress(String logging, String what, Variant v, LoadResult r) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "bench: http [log %s] %-12s %-13s %,9.0f req/s  %6.1f µs CPU/req  errors %d",
            logging,
            what,
            v.name(),
            r.perSecond(),
            r.cpuMicrosPerOp(),
            r.errors()));
  }
}
