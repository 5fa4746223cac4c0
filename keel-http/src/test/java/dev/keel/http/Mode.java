package dev.keel.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a scenario through the blocking or the asynchronous API, so both are tested alike. */
enum Mode {
  BLOCKING,
  ASYNC;

  /**
   * Sends through this mode's API. Failures come out the same way in both modes: the async one's
   * exception is unwrapped from the {@link ExecutionException}, after checking that the future
   * itself held it unwrapped.
   */
  <T> HttpResponse<T> send(
      KeelHttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws Exception {
    if (this == BLOCKING) {
      return client.send(request, handler);
    }
    CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable held = future.exceptionNow();
      if (held != e.getCause()) {
        throw new AssertionError("async failure was wrapped: " + held, held);
      }
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
