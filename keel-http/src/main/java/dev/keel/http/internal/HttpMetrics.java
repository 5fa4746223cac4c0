package dev.keel.http.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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

  /**
   * Duration of each request sent, by method and host, as a histogram whose buckets give the
   * percentiles.
   */
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

  /**
   * The meters already looked up: a lookup in the registry builds and sorts tags and hashes an id
   * on every request. Emptied whenever a meter leaves the registry, so a removed meter is looked up
   * (and registered) again rather than counted on unseen.
   */
  private final Map<RequestKey, Counter> requestCounters = new ConcurrentHashMap<>();

  private final Map<DurationKey, Timer> durationTimers = new ConcurrentHashMap<>();

  /** Meters removed from the registry so far (written by its removal callbacks). */
  private final AtomicLong removals = new AtomicLong();

  /**
   * The meters of the latest request looked up, or null (after a removal): most requests repeat the
   * previous one's method, host and status, and comparing three strings costs less than two map
   * lookups with a new key each. Racy by design: entries are immutable, a lost write only costs a
   * lookup.
   */
  private volatile Latest latest;

  private record Latest(String method, String host, String status, Counter counter, Timer timer) {}

  private record RequestKey(String method, String host, String status) {}

  private record DurationKey(String method, String host) {}

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
            // Buckets only: Prometheus computes percentiles from them (histogram_quantile) and
            // does not export Micrometer's client-side ones, which cost 0.6-1.3 us a call here
            // (every record enters a shared phaser of three rotating HdrHistograms).
            .publishPercentileHistogram()
            .withRegistry(registry);
    registry
        .config()
        .onMeterRemoved(
            removed -> {
              removals.incrementAndGet();
              latest = null;
              requestCounters.clear();
              durationTimers.clear();
            });
  }

  /** The status label of a response: its code, e.g. {@code "200"}. */
  public static String status(int code) {
    return code >= 0 && code < STATUS_LABELS.length ? STATUS_LABELS[code] : Integer.toString(code);
  }

  private static final String[] STATUS_LABELS = new String[600];

  static {
    for (int i = 0; i < STATUS_LABELS.length; i++) {
      STATUS_LABELS[i] = Integer.toString(i);
    }
  }

  /** Records one request sent over the network. */
  public void request(String method, String host, String status, long nanos) {
    Latest meters = latest;
    if (meters == null
        || !meters.status.equals(status)
        || !meters.method.equals(method)
        || !meters.host.equals(host)) {
      meters = lookUp(method, host, status);
    }
    meters.counter.increment();
    meters.timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Latest lookUp(String method, String host, String status) {
    long before = removals.get();
    Counter counter = requestCounters.get(new RequestKey(method, host, status));
    if (counter == null) {
      counter =
          cache(
              requestCounters,
              new RequestKey(method, host, status),
              () -> requests.withTags("method", method, "host", host, "status", status));
    }
    Timer timer = durationTimers.get(new DurationKey(method, host));
    if (timer == null) {
      timer =
          cache(
              durationTimers,
              new DurationKey(method, host),
              () -> durations.withTags("method", method, "host", host));
    }
    Latest meters = new Latest(method, host, status, counter, timer);
    latest = meters;
    // As in cache(): a removal since the lookups may have cleared before this write.
    if (removals.get() != before) {
      latest = null;
    }
    return meters;
  }

  /**
   * Looks a meter up in the registry and caches it, unless a meter left the registry meanwhile (the
   * removal's clearing might have come before the caching).
   */
  private <K, M extends Meter> M cache(Map<K, M> cache, K key, Supplier<M> lookup) {
    long before = removals.get();
    M meter = lookup.get();
    cache.put(key, meter);
    if (removals.get() != before) {
      cache.clear();
    }
    return meter;
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
