package dev.keel.http.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client spans and W3C trace-context propagation for outbound requests, through the OpenTelemetry
 * API only.
 *
 * <p>With an SDK installed, each attempt is a CLIENT span and its context is injected with the
 * configured propagators. Without one (the no-op API), no span is recorded but a context that came
 * in with the current request is still forwarded: the configured propagators are then no-ops, so
 * {@code traceparent} is written with the W3C propagator directly. Thread-safe.
 */
public final class Tracing {

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<Long> RESEND =
      AttributeKey.longKey("http.request.resend_count");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR = AttributeKey.stringKey("error.type");

  /** Collects injected headers into a map, made on the first one. */
  private static final class Injected {
    Map<String, String> headers = Map.of();
  }

  private static final TextMapSetter<Injected> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          if (carrier.headers.isEmpty()) {
            carrier.headers = new LinkedHashMap<>(4);
          }
          carrier.headers.put(key, value);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  /**
   * Whether the tracer is the API's no-op one (no SDK): its spans only carry the parent's context,
   * so they are made without a builder, and nothing is injected unless that context is valid.
   */
  private final boolean noopTracer;

  /** Uses the tracer and propagators of {@code openTelemetry}. */
  public Tracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.keel.http");
    this.noopTracer = openTelemetry.getTracerProvider() == TracerProvider.noop();
    TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
    // No fields means the no-op propagator: nothing would be forwarded at all.
    this.propagator =
        configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance() : configured;
  }

  /** Starts the CLIENT span of one attempt as a child of {@code parent}. */
  public Span start(Context parent, String method, URI uri, String safeUrl, int attempt) {
    if (noopTracer) {
      // What the no-op builder returns, without its attribute calls (and their boxing).
      return Span.wrap(Span.fromContext(parent).getSpanContext());
    }
    var builder =
        tracer
            .spanBuilder(method)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(METHOD, method)
            .setAttribute(SERVER, uri.getHost())
            .setAttribute(URL, safeUrl);
    if (uri.getPort() >= 0) {
      builder.setAttribute(PORT, (long) uri.getPort());
    }
    if (attempt > 1) {
      builder.setAttribute(RESEND, (long) attempt - 1);
    }
    return builder.startSpan();
  }

  /**
   * The trace headers of {@code span} (under {@code parent}), in the order written; empty when
   * there is nothing to forward (no SDK and no incoming trace).
   */
  public Map<String, String> headers(Context parent, Span span) {
    if (propagator == W3CTraceContextPropagator.getInstance() && !span.getSpanContext().isValid()) {
      return Map.of(); // traceparent needs a valid context; this propagator writes nothing else
    }
    Injected carrier = new Injected();
    propagator.inject(parent.with(span), carrier, SETTER);
    return carrier.headers;
  }

  /** Ends a span that received a response. */
  public static void end(Span span, int status, boolean failure) {
    // A span that does not record drops attributes and status anyway.
    if (span.isRecording()) {
      span.setAttribute(STATUS, (long) status);
      if (failure) {
        span.setAttribute(ERROR, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
  }

  /** Ends a span whose request failed without a response. */
  public static void end(Span span, Throwable failure) {
    if (span.isRecording()) {
      span.setAttribute(ERROR, failure.getClass().getName());
      span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    }
    span.end();
  }
}
