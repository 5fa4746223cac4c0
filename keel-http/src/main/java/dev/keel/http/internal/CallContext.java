package dev.keel.http.internal;

import dev.keel.core.Deadline;
import dev.keel.http.DependencyTimeoutException;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One logical call, across its attempts: the prepared request, what is logged about it, the trace
 * context it started in, and what its attempts have seen so far. Thread-safe: async attempts may
 * run on different threads, one after another.
 */
public final class CallContext {

  /** The request as sent on every attempt (with its idempotency key, if any). */
  final HttpRequest request;

  final String method;
  final URI uri;

  /** Host label of the metrics. */
  final String host;

  /** The URL without query or credentials, for logs and spans. */
  final String safeUrl;

  /** The trace context current when the call started; every attempt's span is its child. */
  final Context parent;

  /** Whether the request may be sent more than once. */
  final boolean retryable;

  /** The request's own timeout, or null. */
  final Duration requestTimeout;

  /** The caller's deadline when the call started, or null. */
  final Deadline deadline;

  /** Attempts started so far. */
  private final AtomicInteger attempts = new AtomicInteger();

  /** The latest status received, 0 for none. */
  private volatile int lastStatus;

  /** The request as last sent with a timeout or headers of its own, or null: attempts reuse it. */
  private volatile Sendable sendable;

  private record Sendable(Duration timeout, Map<String, String> headers, HttpRequest request) {}

  /**
   * What the metrics and logs say about a URI: its host label and its URL without query or
   * credentials. Immutable.
   */
  record Labels(URI uri, String host, String safeUrl) {

    static Labels of(URI uri) {
      return new Labels(
          uri, uri.getHost() == null ? "unknown" : uri.getHost(), Redaction.safeUrl(uri));
    }
  }

  /**
   * @param labels the labels of {@code request}'s URI
   */
  CallContext(
      HttpRequest request, Labels labels, boolean retryable, Context parent, Deadline deadline) {
    this.request = request;
    this.method = request.method();
    this.uri = request.uri();
    this.host = labels.host();
    this.safeUrl = labels.safeUrl();
    this.parent = parent;
    this.retryable = retryable;
    this.requestTimeout = request.timeout().orElse(null);
    this.deadline = deadline;
  }

  /** Time left before the caller's deadline, or null when there is none. */
  Duration budget() {
    return deadline == null ? null : deadline.timeLeft();
  }

  /**
   * Stops the call before a (further) request when the caller's deadline is spent.
   *
   * @throws DependencyTimeoutException of kind {@code DEADLINE}
   */
  void checkDeadline(String dependency) {
    if (deadline != null && deadline.isExpired()) {
      int sent = attempts.get();
      throw new DependencyTimeoutException(
          dependency
              + ": the caller's deadline was spent before "
              + method
              + " "
              + safeUrl
              + " could be sent"
              + (sent == 0 ? "" : " again (" + Messages.afterAttempts(sent) + ")")
              + "; give the calling operation a longer deadline or make fewer calls within it",
          dependency,
          sent,
          lastStatus,
          DependencyTimeoutException.Kind.DEADLINE,
          Duration.ZERO,
          null);
    }
  }

  /**
   * The request an attempt sends: {@link #request} with {@code timeout} and the trace {@code
   * headers} set. That is the request itself when it carries this timeout already and there are no
   * headers to add (a request made with {@code KeelHttpClient.request} under no deadline), else a
   * copy, made once and reused by the following attempts while timeout and headers stay the same.
   */
  HttpRequest requestFor(Duration timeout, Map<String, String> headers) {
    if (headers.isEmpty() && timeout.equals(requestTimeout)) {
      return request;
    }
    Sendable last = sendable;
    if (last != null && last.timeout.equals(timeout) && last.headers.equals(headers)) {
      return last.request;
    }
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (k, v) -> true).timeout(timeout);
    headers.forEach(copy::setHeader);
    HttpRequest built = copy.build();
    sendable = new Sendable(timeout, headers, built);
    return built;
  }

  /** Starts an attempt and returns its number, from 1. */
  int nextAttempt() {
    return attempts.incrementAndGet();
  }

  /** Attempts started so far. */
  public int attempts() {
    return attempts.get();
  }

  /** The latest status received, 0 for none. */
  public int lastStatus() {
    return lastStatus;
  }

  void lastStatus(int status) {
    this.lastStatus = status;
  }

  /** The request as sent. */
  public HttpRequest request() {
    return request;
  }

  /** The URL without query or credentials. */
  public String safeUrl() {
    return safeUrl;
  }

  /** The trace context the call started in. */
  public Context parent() {
    return parent;
  }
}
