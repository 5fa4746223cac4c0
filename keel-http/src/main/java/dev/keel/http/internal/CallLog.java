package dev.keel.http.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per request sent: method, URL without query or credentials, status (or failure kind)
 * and duration, with {@code trace_id} and {@code span_id} in the MDC while it is written.
 * Successful and 4xx requests log at INFO, failures at WARN, on the logger {@value #LOGGER}.
 * Thread-safe.
 */
public final class CallLog {

  /** The logger name, so users can tune or silence the per-request lines. */
  public static final String LOGGER = "dev.keel.http.requests";

  /** MDC key of the W3C trace id. */
  public static final String MDC_TRACE_ID = "trace_id";

  /** MDC key of the span id. */
  public static final String MDC_SPAN_ID = "span_id";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private CallLog() {}

  /** Logs one request. */
  public static void request(
      String dependency,
      String method,
      String safeUrl,
      String status,
      long nanos,
      int attempt,
      boolean failure,
      SpanContext trace) {
    if (failure ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
      return;
    }
    // Built here rather than from a "{}" template: one right-sized builder instead of an argument
    // array, a boxed attempt, a string for the millis and a template scan per request.
    long tenths = nanos / 100_000;
    String line =
        new StringBuilder(64 + safeUrl.length() + dependency.length())
            .append(method)
            .append(' ')
            .append(safeUrl)
            .append(" -> ")
            .append(status)
            .append(" in ")
            .append(tenths / 10)
            .append('.')
            .append(tenths % 10)
            .append(" ms (dependency=")
            .append(dependency)
            .append(", attempt=")
            .append(attempt)
            .append(')')
            .toString();
    log(trace, failure, line, null);
  }

  /**
   * Logs an event about a whole call (fallback served, call refused) at WARN, with the trace of the
   * context the call started in.
   */
  public static void event(Context context, String format, Object... args) {
    if (LOG.isWarnEnabled()) {
      log(Span.fromContext(context).getSpanContext(), true, format, args);
    }
  }

  /**
   * Logs {@code format} with {@code args}, or {@code format} as it is when {@code args} is null.
   */
  private static void log(SpanContext trace, boolean warn, String format, Object[] args) {
    String previousTrace = null;
    String previousSpan = null;
    boolean traced = trace.isValid();
    if (traced) {
      previousTrace = MDC.get(MDC_TRACE_ID);
      previousSpan = MDC.get(MDC_SPAN_ID);
      MDC.put(MDC_TRACE_ID, trace.getTraceId());
      MDC.put(MDC_SPAN_ID, trace.getSpanId());
    }
    try {
      if (args == null) {
        if (warn) {
          LOG.warn(format);
        } else {
          LOG.info(format);
        }
      } else if (warn) {
        LOG.warn(format, args);
      } else {
        LOG.info(format, args);
      }
    } finally {
      if (traced) {
        restore(MDC_TRACE_ID, previousTrace);
        restore(MDC_SPAN_ID, previousSpan);
      }
    }
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
