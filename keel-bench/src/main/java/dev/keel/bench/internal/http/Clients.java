package dev.keel.bench.internal.http;

import dev.keel.bench.internal.load.ClosedLoop;
import dev.keel.bench.internal.load.LoadResult;
import dev.keel.http.KeelHttpClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three clients of {@link Variant}, all against the same endpoint, each sending {@code GET
 * /orders/42?view=full} and reading the answer as a string. Every answer is checked (200 and the
 * expected body); anything else is an error of the run. Thread-safe.
 */
final class Clients implements AutoCloseable {

  /**
   * A query string on every request: Keel's request log must leave it out, and the benchmark checks
   * that it did.
   */
  static final String QUERY = "view=full";

  static final String PATH = "/orders/42?" + QUERY;

  /** The logger of {@link Variant#JDK_LOGGED}'s request lines. */
  static final String CALLER_LOGGER = "dev.keel.bench.caller.requests";

  private static final Logger CALLER_LOG = LoggerFactory.getLogger(CALLER_LOGGER);

  /** Keel's default request timeout, given to every bare request too. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI uri;
  private final ExecutorService jdkExecutor;
  private final HttpClient jdk;

  /** The URL {@link Variant#JDK_LOGGED} logs: without the query string. */
  private final String loggedUrl;

  private final KeelHttpClient keel;
  private final MeterRegistry registry;
  private final Map<Variant, LongAdder> sent = new EnumMap<>(Variant.class);

  Clients(URI baseUrl, MeterRegistry registry) {
    this.uri = baseUrl.resolve(PATH);
    this.registry = registry;
    this.jdkExecutor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-jdk-", 0).factory());
    this.jdk =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(jdkExecutor)
            .build();
    this.loggedUrl = baseUrl.resolve("/orders/42").toString();
    this.keel =
        KeelHttpClient.builder("bench-endpoint")
            .baseUrl(baseUrl)
            .version(HttpClient.Version.HTTP_1_1)
            .meterRegistry(registry)
            .build();
    for (Variant v : Variant.values()) {
      sent.put(v, new LongAdder());
    }
  }

  /** {@code requests} calls through {@code variant} on {@code threads} virtual threads. */
  LoadResult run(Variant variant, int threads, int requests) throws InterruptedException {
    ClosedLoop.Operation call =
        switch (variant) {
          case JDK -> i -> check(bare(jdk));
          case JDK_LOGGED -> i -> check(logged(jdk));
          case KEEL ->
              i -> check(keel.send(keel.request(PATH).GET().build(), BodyHandlers.ofString()));
        };
    LongAdder count = sent.get(variant);
    return ClosedLoop.run(
        threads,
        requests,
        i -> {
          count.increment();
          call.run(i);
        });
  }

  /** Calls sent through {@code variant} so far. */
  long sent(Variant variant) {
    return sent.get(variant).sum();
  }

  /** The sum of Keel's {@code http.client.requests} counters in the registry. */
  long keelMetered() {
    return (long)
        registry.find("http.client.requests").counters().stream().mapToDouble(Counter::count).sum();
  }

  private HttpResponse<String> bare(HttpClient client) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
        BodyHandlers.ofString());
  }

  /** {@link #bare} with the request line a caller would log for it, as a user would write it. */
  private HttpResponse<String> logged(HttpClient client) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = bare(client);
    CALLER_LOG.info(
        "GET {} -> {} in {} ms",
        loggedUrl,
        response.statusCode(),
        (System.nanoTime() - start) / 1_000_000);
    return response;
  }

  private static void check(HttpResponse<String> response) {
    if (response.statusCode() != 200 || !LocalEndpoint.BODY.equals(response.body())) {
      throw new IllegalStateException(
          "unexpected answer: " + response.statusCode() + " " + response.body());
    }
  }

  @Override
  public void close() {
    keel.close();
    jdk.close();
    jdkExecutor.close();
  }
}
