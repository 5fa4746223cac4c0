package dev.keel.http.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meters of one dependency's client. Names are Micrometer names; the Prometheus registry adds
 * {@code _total} to counters and {@code _seconds} to timers, so {@link #REQUESTS} is scraped as
 * {@code http_client_requests_total} and {@link #DURATION} as {@code
 * http_client_request_duration_seconds}. Thread-safe.
 */
public final class HttpMetrics {

  /** Requests sent over the network, by method, host and status (or failure kind). */
  public static final String REQUESTS = "http.client.requests";

  /** Duration of each request sent, by method and host, as a histogram with percentiles. */
  public static final String DURATION = "http.client.request.duration";

  /** Retries (attempts after the first), by dependency. */
  public static final String RETRIES = "http.client.retries";

  /** Calls answered by a fallback, by dependency and source ({@code default} or {@code stale}). */
  public static final String FALLBACKS = "http.client.fallbacks";

  /** Calls refused without a request, by dependency and reason. */
  public static final String REJECTIONS = "http.client.rejections";

  /** 1 for the breaker's current state and 0 for the others, by dependency and state. */
  public static final String CIRCUIT_STATE = "http.client.circuit.state";

  /** Status label of a request that timed out. */
  public static final String STATUS_TIMEOUT = "timeout";

  /** Status label of a request whose connection failed or broke. */
  public static final String STATUS_IO_ERROR = "io_error";

  private final MeterRegistry registry;
  private final String dependency;
  private final Meter.MeterProvider<Counter> requests;
  private final Meter.MeterProvider<Timer> durations;
  private final Counter retries;

  /** Gauges that read the client's state; removed on {@link #close()} so they do not leak it. */
  private final List<Meter> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Creates (or looks up) the meters of {@code dependency} in {@code registry}. */
  public HttpMetrics(MeterRegistry registry, String dependency) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.dependency = Objects.requireNonNull(dependency, "dependency");
    this.requests =
        Counter.builder(REQUESTS)
            .description("HTTP requests sent to downstream dependencies")
            .withRegistry(registry);
    this.durations =
        Timer.builder(DURATION)
            .description("Duration of HTTP requests sent to downstream dependencies")
            .publishPercentileHistogram()
            .publishPercentiles(0.5, 0.95, 0.99)
            .withRegistry(registry);
    this.retries =
        Counter.builder(RETRIES)
            .description("Retries of calls to a downstream dependency")
            .tag("dependency", dependency)
            .register(registry);
  }

  /** Records one request sent over the network. */
  public void request(String method, String host, String status, long nanos) {
    requests.withTags("method", method, "host", host, "status", status).increment();
    durations.withTags("method", method, "host", host).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records one retry. */
  public void retry() {
    retries.increment();
  }

  /** Records a call answered by a fallback from {@code source}. */
  public void fallback(String source) {
    Counter.builder(FALLBACKS)
        .description("Calls to an optional dependency answered by a fallback")
        .tags("dependency", dependency, "source", source)
        .register(registry)
        .increment();
  }

  /** Records a call refused without a request for {@code reason}. */
  public void rejected(String reason) {
    Counter.builder(REJECTIONS)
        .description(
            "Calls to a dependency refused without a request (breaker open, bulkhead"
                + " full, rate limited)")
        .tags("dependency", dependency, "reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * Publishes the breaker's state as one gauge per possible state, 1 for the current one.
   *
   * @param states every state name the breaker can report
   * @param current reads the current state name
   */
  public void bindBreakerState(List<String> states, Supplier<String> current) {
    for (String state : states) {
      gauges.add(
          Gauge.builder(CIRCUIT_STATE, current, s -> state.equals(s.get()) ? 1 : 0)
              .description("Circuit breaker state of a dependency: 1 for the current state")
              .tags("dependency", dependency, "state", state)
              .strongReference(true)
              .register(registry));
    }
  }

  /** Removes the gauges (counters stay: a scrape must never see a counter go backwards). */
  public void close() {
    for (Meter gauge : gauges) {
      registry.remove(gauge);
    }
    gauges.clear();
  }
}
