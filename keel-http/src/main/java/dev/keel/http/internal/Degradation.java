package dev.keel.http.internal;

import dev.keel.core.KeelClock;
import dev.keel.http.DependencyException;
import dev.keel.http.FallbackResponse;
import dev.keel.http.HttpDependencyConfig;
import dev.keel.http.KeelHttpClient;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The fallbacks of an optional dependency: the last good response to the same GET within the
 * staleness bound, else the configured default. Thread-safe.
 */
final class Degradation {

  private final HttpDependencyConfig config;
  private final KeelClock clock;
  private final HttpMetrics metrics;

  /** Last good responses by request, or null when staleness is off. */
  private final StaleCache stale;

  Degradation(HttpDependencyConfig config, KeelClock clock, HttpMetrics metrics) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.stale =
        config.staleIfError().isZero()
            ? null
            : new StaleCache(config.staleEntries(), config.staleIfError(), clock);
  }

  /** Keeps a successful GET's response for later fallbacks. */
  void remember(CallContext call, HttpResponse<byte[]> response) {
    if (stale != null && isCacheable(call, response.statusCode())) {
      stale.put(key(call), response);
    }
  }

  /** A fallback for {@code failure}, or null when there is none for this call. */
  <T> CompletableFuture<HttpResponse<T>> fallback(
      CallContext call, DependencyException failure, HttpResponse.BodyHandler<T> handler) {
    if (stale != null && call.method.equals("GET")) {
      StaleCache.Entry entry = stale.get(key(call));
      if (entry != null) {
        Duration age = entry.age();
        metrics.fallback("stale");
        CallLog.event(
            call.parent,
            "{} {} failed ({}); serving the last good response, {} s old (dependency={})",
            call.method,
            call.safeUrl,
            failure.getClass().getSimpleName(),
            age.toSeconds(),
            config.name());
        Map<String, List<String>> extra = new HashMap<>();
        extra.put(KeelHttpClient.FALLBACK_HEADER, List.of("stale"));
        extra.put("Age", List.of(Long.toString(age.toSeconds())));
        return respond(call, entry.status(), merge(entry.headers(), extra), entry.body(), handler);
      }
    }
    FallbackResponse response =
        config.fallback().map(f -> f.apply(call.request, failure)).orElse(null);
    if (response == null) {
      return null;
    }
    metrics.fallback("default");
    CallLog.event(
        call.parent,
        "{} {} failed ({}); serving the default fallback (dependency={})",
        call.method,
        call.safeUrl,
        failure.getClass().getSimpleName(),
        config.name());
    return respond(
        call,
        response.status(),
        merge(response.headers(), Map.of(KeelHttpClient.FALLBACK_HEADER, List.of("default"))),
        response.body(),
        handler);
  }

  private static <T> CompletableFuture<HttpResponse<T>> respond(
      CallContext call,
      int status,
      HttpHeaders headers,
      byte[] body,
      HttpResponse.BodyHandler<T> handler) {
    return BodyConversion.convert(handler, status, headers, HttpClient.Version.HTTP_1_1, body)
        .toCompletableFuture()
        .thenApply(
            converted ->
                new KeelResponse<>(
                    status,
                    call.request,
                    headers,
                    converted,
                    Optional.empty(),
                    call.uri,
                    HttpClient.Version.HTTP_1_1));
  }

  private static HttpHeaders merge(HttpHeaders base, Map<String, List<String>> extra) {
    Map<String, List<String>> all = new HashMap<>(base.map());
    all.keySet().removeIf(k -> extra.keySet().stream().anyMatch(k::equalsIgnoreCase));
    all.putAll(extra);
    return HttpHeaders.of(all, (k, v) -> true);
  }

  private static boolean isCacheable(CallContext call, int status) {
    return call.method.equals("GET") && status >= 200 && status < 300;
  }

  private static String key(CallContext call) {
    return call.uri.toString();
  }
}
