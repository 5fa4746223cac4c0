package dev.keel.http.internal;

import dev.keel.core.KeelClock;
import dev.keel.core.internal.Futures;
import dev.keel.http.DependencyConnectException;
import dev.keel.http.DependencyException;
import dev.keel.http.DependencyRateLimitedException;
import dev.keel.http.DependencyServerErrorException;
import dev.keel.http.DependencyTimeoutException;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Sends one attempt of a call: sets its timeout and trace headers, sends it, then records the
 * metric, the log line and the span, and turns failure statuses (5xx, 429), timeouts and broken
 * connections into {@link DependencyException}s.
 *
 * <p>The attempt's timeout bounds the whole response: the JDK's request timeout (set on the
 * request) bounds it until the response head arrives, the attempt's {@link AttemptWatch} from then
 * on. Thread-safe.
 */
public final class Exchange {

  private final HttpClient client;
  private final String dependency;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final KeelClock clock;
  private final HttpMetrics metrics;
  private final Tracing tracing;
  private final ResponseDeadlines deadlines = ResponseDeadlines.shared();

  /** Creates the sender of {@code dependency}'s attempts. */
  public Exchange(
      HttpClient client,
      String dependency,
      Duration connectTimeout,
      Duration requestTimeout,
      KeelClock clock,
      HttpMetrics metrics,
      Tracing tracing) {
    this.client = client;
    this.dependency = dependency;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Sends one attempt and waits for it, on the calling (virtual) thread: the JDK's blocking send
   * runs the exchange inline up to its first wait, where the async form would hand it to another
   * thread and complete it on a third.
   *
   * @throws DependencyException for a failure status, a timeout or a broken connection
   * @throws InterruptedException when interrupted while waiting (the exchange is then aborted)
   */
  public HttpResponse<byte[]> send(CallContext call, Duration budget) throws InterruptedException {
    Attempt attempt = begin(call, budget);
    AttemptWatch watch = AttemptWatch.blocking(attempt.deadlineNanos, deadlines);
    HttpResponse<byte[]> response = null;
    Throwable error = null;
    InterruptedException interrupted = null;
    boolean expired;
    try {
      response = client.send(attempt.request, watch);
    } catch (InterruptedException e) {
      interrupted = e;
    } catch (IOException e) {
      error = sendFailure(e);
    } catch (RuntimeException e) {
      error = e;
    } finally {
      // Always, so that no expiry can interrupt the thread once it has moved on.
      expired = !watch.finish();
    }
    if (response != null) {
      // Complete, even if the deadline passed as it arrived.
      return completed(call, attempt, response);
    }
    if (expired) {
      throw failed(call, attempt, new HttpTimeoutException("response body timed out"));
    }
    if (interrupted != null) {
      Tracing.end(attempt.span, new CancellationException("attempt interrupted"));
      throw interrupted;
    }
    throw failed(call, attempt, error);
  }

  /**
   * Sends one attempt without blocking. The future fails with the {@link DependencyException}
   * itself (not wrapped) for a failure status, a timeout or a broken connection; cancelling it
   * aborts the exchange.
   */
  public CompletableFuture<HttpResponse<byte[]>> sendAsync(CallContext call, Duration budget) {
    Attempt attempt = begin(call, budget);
    CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
    AttemptWatch watch =
        AttemptWatch.async(
            attempt.deadlineNanos,
            deadlines,
            () ->
                result.completeExceptionally(
                    failed(call, attempt, new HttpTimeoutException("response body timed out"))));
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = client.sendAsync(attempt.request, watch);
    } catch (RuntimeException e) {
      watch.finish();
      Tracing.end(attempt.span, e);
      return CompletableFuture.failedFuture(e);
    }
    watch.attach(sent);
    sent.whenComplete(
        (response, error) -> {
          if (!watch.finish()) {
            return; // expired (and settled) or cancelled by the caller
          }
          try {
            if (error != null) {
              result.completeExceptionally(failed(call, attempt, Futures.unwrap(error)));
            } else {
              result.complete(completed(call, attempt, response));
            }
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    // A caller that cancels the attempt (e.g. a timeout policy) aborts the exchange.
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            if (watch.finish()) {
              Tracing.end(attempt.span, new CancellationException("attempt cancelled"));
            }
            sent.cancel(true);
          }
        });
    return result;
  }

  /**
   * The failure behind what the JDK's blocking send threw: it rethrows a failure of the exchange as
   * a new exception of the same kind, and anything it does not recognise as a plain {@link
   * IOException} around the original, which is what the async form would have reported.
   */
  static Throwable sendFailure(IOException e) {
    Throwable cause = e.getCause();
    return e.getClass() == IOException.class && cause != null ? cause : e;
  }

  private Attempt begin(CallContext call, Duration budget) {
    int number = call.nextAttempt();
    Span span = tracing.start(call.parent, call.method, call.uri, call.safeUrl, number);
    Duration timeout = shortest(requestTimeout, call.requestTimeout, budget);
    HttpRequest request = call.requestFor(timeout, tracing.headers(call.parent, span));
    long start = clock.nanoTime();
    // The deadline bounds real time whatever the client's clock; the system clock reads once.
    long deadline = (clock == KeelClock.system() ? start : System.nanoTime()) + timeout.toNanos();
    return new Attempt(request, span, start, deadline, number, timeout);
  }

  private HttpResponse<byte[]> completed(
      CallContext call, Attempt attempt, HttpResponse<byte[]> response) {
    long nanos = clock.nanoTime() - attempt.startNanos;
    int status = response.statusCode();
    call.lastStatus(status);
    boolean failure = status >= 500 || status == 429;
    String label = HttpMetrics.status(status);
    metrics.request(call.method, call.host, label, nanos);
    CallLog.request(
        dependency,
        call.method,
        call.safeUrl,
        label,
        nanos,
        attempt.number,
        failure,
        attempt.span.getSpanContext());
    Tracing.end(attempt.span, status, failure);
    if (!failure) {
      return response;
    }
    HttpHeaders headers = response.headers();
    Duration retryAfter = RetryAfterHeader.parse(headers, clock.now());
    String message =
        dependency
            + ": "
            + call.method
            + " "
            + call.safeUrl
            + " answered "
            + status
            + " "
            + Messages.afterAttempts(attempt.number)
            + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)");
    if (status == 429) {
      throw new DependencyRateLimitedException(
          message + "; the dependency is throttling this client: send less or lower its rate limit",
          dependency,
          attempt.number,
          headers,
          retryAfter);
    }
    throw new DependencyServerErrorException(
        message, dependency, attempt.number, status, headers, retryAfter);
  }

  private RuntimeException failed(CallContext call, Attempt attempt, Throwable error) {
    long nanos = clock.nanoTime() - attempt.startNanos;
    boolean timeout = error instanceof HttpTimeoutException || error instanceof TimeoutException;
    if (!timeout && !(error instanceof IOException)) {
      // Not a network failure (e.g. a restricted header): a programming error, rethrown as is.
      Tracing.end(attempt.span, error);
      return error instanceof RuntimeException r ? r : new CompletionException(error);
    }
    String label = timeout ? HttpMetrics.STATUS_TIMEOUT : HttpMetrics.STATUS_IO_ERROR;
    metrics.request(call.method, call.host, label, nanos);
    CallLog.request(
        dependency,
        call.method,
        call.safeUrl,
        label,
        nanos,
        attempt.number,
        true,
        attempt.span.getSpanContext());
    Tracing.end(attempt.span, error);
    String target = call.method + " " + call.safeUrl;
    if (error instanceof HttpConnectTimeoutException) {
      return new DependencyTimeoutException(
          dependency
              + ": could not connect for "
              + target
              + " within "
              + connectTimeout
              + " "
              + Messages.afterAttempts(attempt.number)
              + "; is the dependency up and reachable?",
          dependency,
          attempt.number,
          call.lastStatus(),
          DependencyTimeoutException.Kind.CONNECT,
          connectTimeout,
          error);
    }
    if (timeout) {
      return new DependencyTimeoutException(
          dependency
              + ": no response to "
              + target
              + " within "
              + attempt.timeout
              + " "
              + Messages.afterAttempts(attempt.number)
              + "; the dependency is slow or hung (raise requestTimeout if it is legitimately"
              + " slow)",
          dependency,
          attempt.number,
          call.lastStatus(),
          DependencyTimeoutException.Kind.RESPONSE,
          attempt.timeout,
          error);
    }
    return new DependencyConnectException(
        dependency
            + ": connection for "
            + target
            + " failed ("
            + Messages.describe(error)
            + ") "
            + Messages.afterAttempts(attempt.number)
            + "; check that the dependency runs and that its base URL points at it",
        dependency,
        attempt.number,
        call.lastStatus(),
        error);
  }

  /** The shortest of the non-null durations; {@code first} is never null. */
  static Duration shortest(Duration first, Duration second, Duration third) {
    Duration d = first;
    if (second != null && second.compareTo(d) < 0) {
      d = second;
    }
    if (third != null && third.compareTo(d) < 0) {
      d = third;
    }
    // The JDK rejects a zero timeout; an exhausted budget still gets one nanosecond-ish try.
    return d.isPositive() ? d : Duration.ofMillis(1);
  }

  /**
   * One attempt in flight.
   *
   * @param startNanos the client's clock when it started, for its duration
   * @param deadlineNanos the {@link System#nanoTime()} reading by which its response must be in
   */
  private record Attempt(
      HttpRequest request,
      Span span,
      long startNanos,
      long deadlineNanos,
      int number,
      Duration timeout) {}
}
