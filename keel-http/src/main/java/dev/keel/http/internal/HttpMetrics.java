package dev.keel.http.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP meters of one dependency's client. Names are Micrometer names; the Prometheus registry
 * adds {@code _total} to counters and {@code _seconds} to timers, so {@link #REQUESTS} is scraped
 * as {@code http_client_requests_total} and {@link #DURATION} as {@code
 * http_client_request_duration_seconds}. The breaker, retry, rate limiter and bulkhead meters are
 * keel-core's ({@link dev.keel.core.KeelMicrometer}, bound by {@link HttpPolicies}). Thread-safe.
 */
public final class HttpMetrics {

  /** Requests sent over the network, by method, host and status (or failure kind). */
  public static final String REQUESTS = "http.client.requests";

  /** Duration of each request sent, by method and host, as a histogram with percentiles. */
  public static final String DURATION = "http.client.request.duration";

  /** Calls answered by a fallback, by dependency and source ({@code default} or {@code stale}). */
  public static final String FALLBACKS = "http.client.fallbacks";

  /** Status label of a request that timed out. */
  public static final String STATUS_TIMEOUT = "timeout";

  /** Status label of a request whose connection failed or broke. */
  public static final String STATUS_IO_ERROR = "io_error";

  private final MeterRegistry registry;
  private final String dependency;
  private final Meter.MeterProvider<Counter> requests;
  private final Meter.MeterProvider<Timer> durations;

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
  }

  /** Records one request sent over the network. */
  public void request(String method, String host, String status, long nanos) {
    requests.withTags("method", method, "host", host, "status", status).increment();
    durations.withTags("method", method, "host", host).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records a call answered by a fallback from {@code source}. */
  public void fallback(String source) {
    Counter.builder(FALLBACKS)
        .description("Calls to an optional dependency answered by a fallback")
        .tags("dependency", dependency, "source", source)
        .register(registry)
        .increment();
  }
}
