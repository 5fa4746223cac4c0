package dev.keel.http.internal;

import dev.keel.core.Fallback;
import dev.keel.core.FallbackBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fallbacks of an optional dependency, on keel-core's {@link Fallback}: the last good response
 * to the same GET within the staleness bound, else the configured default.
 *
 * <p>keel-core keeps one last good result per {@code Fallback} ("one call site, one cache"); for
 * HTTP a call site is a URL, so GETs get one {@code Fallback} per URL, least recently used evicted
 * beyond {@code staleEntries}. Other calls share one {@code Fallback} without a cache. The fallback
 * function only marks the failure ({@link Answer#failed}); the configured default is made
 * afterwards, because it needs the request, which {@code Fallback}'s function does not see.
 *
 * <p>Thread-safe: the per-URL map is guarded by a {@link ReentrantLock} held only for the map
 * operation (no I/O), so virtual threads never pin.
 */
final class Degradation {

  private final HttpDependencyConfig config;
  private final KeelClock clock;
  private final HttpMetrics metrics;

  /** For calls without a cache: turns a failure into an {@link Answer#failed} marker. */
  private final Fallback<Answer> shared;

  /** Per GET URL, in access order; null when staleness is off. Guarded by {@link #lock}. */
  private final LinkedHashMap<String, Fallback<Answer>> perUrl;

  private final ReentrantLock lock = new ReentrantLock();

  Degradation(HttpDependencyConfig config, KeelClock clock, HttpMetrics metrics) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.shared = builder().build();
    int maxEntries = config.staleEntries();
    this.perUrl =
        config.staleIfError().isZero()
            ? null
            : new LinkedHashMap<>(16, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Fallback<Answer>> eldest) {
                return size() > maxEntries;
              }
            };
  }

  private FallbackBuilder<Answer> builder() {
    return Fallback.<Answer>builder(config.name())
        .function(failure -> Answer.failed((DependencyException) failure))
        .handles(failure -> failure instanceof DependencyException)
        .clock(clock);
  }

  /** The fallback policy for {@code call}. */
  Fallback<Answer> policy(CallContext call) {
    if (perUrl == null || !call.method.equals("GET")) {
      return shared;
    }
    String key = call.uri.toString();
    lock.lock();
    try {
      return perUrl.computeIfAbsent(key, k -> builder().lastGood(config.staleIfError()).build());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The response for an answer that is not the call's own fresh one: a stale response, or the
   * configured default for a failure; null when the failure has no default (it is then thrown).
   */
  <T> CompletableFuture<HttpResponse<T>> respond(
      CallContext call, Answer answer, HttpResponse.BodyHandler<T> handler) {
    if (answer.failure() == null) {
      Duration age = Duration.ofNanos(clock.nanoTime() - answer.receivedNanos());
      metrics.fallback("stale");
      CallLog.event(
          call.parent,
          "{} {} failed; serving the last good response, {} s old (dependency={})",
          call.method,
          call.safeUrl,
          age.toSeconds(),
          config.name());
      HttpResponse<byte[]> stale = answer.response();
      Map<String, List<String>> extra = new HashMap<>();
      extra.put(KeelHttpClient.FALLBACK_HEADER, List.of("stale"));
      extra.put("Age", List.of(Long.toString(age.toSeconds())));
      return convert(
          call, stale.statusCode(), merge(stale.headers(), extra), stale.body(), handler);
    }
    DependencyException failure = answer.failure();
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
    return convert(
        call,
        response.status(),
        merge(response.headers(), Map.of(KeelHttpClient.FALLBACK_HEADER, List.of("default"))),
        response.body(),
        handler);
  }

  private static <T> CompletableFuture<HttpResponse<T>> convert(
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
}
