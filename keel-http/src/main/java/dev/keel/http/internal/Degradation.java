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
 * What an optional dependency answers when a call failed: the last good response to the same GET
 * within {@code staleIfError} ({@link StaleResponses}), else the configured default, else nothing
 * (the failure is thrown). keel-core's {@code Fallback} in the client's pipeline only marks the
 * failure ({@link Answer#failed}): the default is made here because it needs the request, which
 * keel-core's fallback function does not see. Thread-safe.
 */
final class Degradation {

  private final HttpDependencyConfig config;
  private final KeelClock clock;
  private final HttpMetrics metrics;

  /** Null when stale-if-error is off. */
  private final StaleResponses stale;

  Degradation(HttpDependencyConfig config, KeelClock clock, HttpMetrics metrics) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.stale =
        config.staleIfError().isZero()
            ? null
            : new StaleResponses(clock, config.staleIfError(), config.staleEntries());
  }

  /** Remembers the call's own response as the last good one, for GETs when staleness is on. */
  void remember(CallContext call, Answer fresh) {
    if (stale != null && call.method.equals("GET")) {
      stale.remember(call.uri.toString(), fresh);
    }
  }

  /**
   * The response for a failed call: a stale response, or the configured default; null when there is
   * neither (the failure is then thrown).
   */
  <T> CompletableFuture<HttpResponse<T>> respond(
      CallContext call, DependencyException failure, HttpResponse.BodyHandler<T> handler) {
    Answer last =
        stale != null && call.method.equals("GET") ? stale.find(call.uri.toString()) : null;
    if (last != null) {
      Duration age = Duration.ofNanos(clock.nanoTime() - last.receivedNanos());
      metrics.fallback("stale");
      CallLog.event(
          call.parent,
          "{} {} failed; serving the last good response, {} s old (dependency={})",
          call.method,
          call.safeUrl,
          age.toSeconds(),
          config.name());
      HttpResponse<byte[]> response = last.response();
      Map<String, List<String>> extra = new HashMap<>();
      extra.put(KeelHttpClient.FALLBACK_HEADER, List.of("stale"));
      extra.put("Age", List.of(Long.toString(age.toSeconds())));
      return convert(
          call, response.statusCode(), merge(response.headers(), extra), response.body(), handler);
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
