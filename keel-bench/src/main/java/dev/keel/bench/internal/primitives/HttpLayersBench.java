package dev.keel.bench.internal.primitives;

import dev.keel.http.HttpDependencyConfig;
import dev.keel.http.KeelHttpClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * keel-http's layers alone: a GET through {@link KeelHttpClient} with its defaults (3 attempts,
 * breaker, bulkhead, metrics in a Prometheus registry, trace propagation; the request log off, as
 * in every primitives JVM) over an {@link InMemoryHttpClient}, against the same request sent to
 * that client directly. Without a network, the difference is what Keel adds to each call; the
 * loopback benchmark ({@code ./keel bench http}) measures it with a real endpoint.
 */
@State(Scope.Benchmark)
public class HttpLayersBench {

  private static final String PATH = "/orders/42?view=full";

  private static final URI BASE = URI.create("http://orders.internal");

  private static final URI URL = BASE.resolve(PATH);

  private InMemoryHttpClient memory;
  private PrometheusMeterRegistry registry;
  private KeelHttpClient keel;

  /** Builds both clients once per trial. */
  @Setup
  public void setUp() {
    memory = new InMemoryHttpClient();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    keel =
        KeelHttpClient.builder("orders")
            .baseUrl(BASE)
            .httpClient(memory)
            .meterRegistry(registry)
            .build();
  }

  /** Closes Keel's client and the registry. */
  @TearDown
  public void tearDown() {
    keel.close();
    registry.close();
  }

  /** The request through Keel's client, built with its {@code request} helper. */
  @Benchmark
  public String keel() throws InterruptedException {
    return check(keel.send(keel.request(PATH).GET().build(), BodyHandlers.ofString()));
  }

  /** The same request, built as Keel's helper builds it, sent to the in-memory client directly. */
  @Benchmark
  public String direct() {
    return check(
        memory.send(
            HttpRequest.newBuilder(URL)
                .timeout(HttpDependencyConfig.DEFAULT_REQUEST_TIMEOUT)
                .GET()
                .build(),
            BodyHandlers.ofString()));
  }

  private static String check(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("unexpected status " + response.statusCode());
    }
    return response.body();
  }
}
