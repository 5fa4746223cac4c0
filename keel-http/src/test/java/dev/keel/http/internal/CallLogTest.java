package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The request line's exact text, its level, and the MDC around it. */
class CallLogTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  private final Logger logger = (Logger) LoggerFactory.getLogger(CallLog.LOGGER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    MDC.clear();
  }

  @Test
  void a_request_line_shows_method_url_status_tenths_of_milliseconds_dependency_and_attempt() {
    CallLog.request(
        "payments", "GET", "http://h:80/a", "200", 12_345_678, 1, false, SpanContext.getInvalid());
    CallLog.request(
        "payments",
        "POST",
        "http://h/b",
        "timeout",
        2_000_049_999L,
        3,
        true,
        SpanContext.getInvalid());

    List<ILoggingEvent> events = List.copyOf(appender.list);
    assertThat(events)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "GET http://h:80/a -> 200 in 12.3 ms (dependency=payments, attempt=1)",
            "POST http://h/b -> timeout in 2000.0 ms (dependency=payments, attempt=3)");
    assertThat(events).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.WARN);
  }

  @Test
  void a_url_with_braces_is_logged_as_it_is() {
    CallLog.request("d", "GET", "http://h/{}", "404", 0, 1, false, SpanContext.getInvalid());

    assertThat(appender.list.get(0).getFormattedMessage())
        .isEqualTo("GET http://h/{} -> 404 in 0.0 ms (dependency=d, attempt=1)");
  }

  @Test
  void the_trace_is_in_the_mdc_while_the_line_is_written_and_the_previous_values_are_restored() {
    MDC.put(CallLog.MDC_TRACE_ID, "outer-trace");

    CallLog.request(
        "d",
        "GET",
        "http://h/",
        "200",
        0,
        1,
        false,
        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));

    assertThat(appender.list.get(0).getMDCPropertyMap())
        .containsEntry(CallLog.MDC_TRACE_ID, TRACE_ID)
        .containsEntry(CallLog.MDC_SPAN_ID, SPAN_ID);
    assertThat(MDC.get(CallLog.MDC_TRACE_ID)).isEqualTo("outer-trace");
    assertThat(MDC.get(CallLog.MDC_SPAN_ID)).isNull();
  }
}
