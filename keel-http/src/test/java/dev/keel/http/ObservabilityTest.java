package dev.keel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.keel.core.KeelMicrometer;
import dev.keel.http.internal.CallLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Metric names and labels as Prometheus scrapes them, log lines, and trace propagation. */
class ObservabilityTest extends WireMockSupport {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  /** The context a server would have extracted from an incoming request's traceparent. */
  private static Context incoming() {
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
    return Context.root().with(Span.wrap(remote));
  }

  @Test
  void prometheus_exposes_exactly_the_documented_names_and_labels() throws Exception {
    // Given a Prometheus registry and calls answered 200, 503, and not at all (timeout)
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    wireMock.stubFor(get(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
    wireMock.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));
    wireMock.stubFor(
        get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
    try (KeelHttpClient client = client().meterRegistry(prometheus).maxAttempts(1).build()) {
      client.send(client.request("/ok?token=secret").build(), BodyHandlers.discarding());
      assertThatThrownBy(
              () -> client.send(client.request("/down").build(), BodyHandlers.discarding()))
          .isInstanceOf(DependencyServerErrorException.class);
      assertThatThrownBy(
              () ->
                  client.send(
                      client.request("/slow").timeout(Duration.ofMillis(200)).build(),
                      BodyHandlers.discarding()))
          .isInstanceOf(DependencyTimeoutException.class);

      // When
      String scrape = prometheus.scrape();

      // Then
      assertThat(scrape)
          .contains("# TYPE http_client_requests_total counter")
          .contains(
              "http_client_requests_total{host=\"localhost\",method=\"GET\",status=\"200\"} 1")
          .contains(
              "http_client_requests_total{host=\"localhost\",method=\"GET\",status=\"503\"} 1")
          .contains(
              "http_client_requests_total{host=\"localhost\",method=\"GET\",status=\"timeout\"} 1")
          .contains("# TYPE http_client_request_duration_seconds histogram")
          .contains(
              "http_client_request_duration_seconds_bucket{host=\"localhost\",method=\"GET\",le=")
          .contains(
              "http_client_request_duration_seconds_count{host=\"localhost\",method=\"GET\"} 3")
          .contains("http_client_request_duration_seconds_sum{host=\"localhost\",method=\"GET\"}")
          // keel-core's meters of the client's policies, named by the dependency
          .contains("keel_retry_retries_total{name=\"payment-service\"} 0")
          .contains("# TYPE keel_circuitbreaker_state gauge")
          .contains("keel_circuitbreaker_state{name=\"payment-service\",state=\"closed\"} 1")
          .contains("keel_circuitbreaker_state{name=\"payment-service\",state=\"open\"} 0")
          .contains(
              "keel_circuitbreaker_calls_total{name=\"payment-service\",outcome=\"failure\"} 2")
          .contains("keel_bulkhead_max_concurrent{name=\"payment-service\"} 128")
          .doesNotContain("secret")
          .doesNotContain("token");
      // Percentiles come from the histogram's buckets (histogram_quantile), for in-process
      // readers too: no client-side percentiles are computed on the request path.
      assertThat(scrape)
          .contains(
              "http_client_request_duration_seconds_bucket{host=\"localhost\",method=\"GET\",le=\"+Inf\"} 3")
          .doesNotContain("quantile=");
      var snapshot = prometheus.get("http.client.request.duration").timer().takeSnapshot();
      assertThat(snapshot.percentileValues()).isEmpty();
      assertThat(snapshot.histogramCounts()).hasSizeGreaterThan(10);
      assertThat(snapshot.histogramCounts()[snapshot.histogramCounts().length - 1].count())
          .isEqualTo(3);
      // No label other than method, host and status on the request counter.
      assertThat(
              scrape
                  .lines()
                  .filter(l -> l.startsWith("http_client_requests_total{"))
                  .map(l -> l.substring(l.indexOf('{'), l.indexOf('}') + 1))
                  .map(labels -> labels.replaceAll("=\"[^\"]*\"", ""))
                  .distinct())
          .containsExactly("{host,method,status}");
    } finally {
      prometheus.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void every_request_logs_method_url_without_query_or_credentials_status_and_duration(Mode mode)
      throws Exception {
    wireMock.stubFor(get(urlPathEqualTo("/charges")).willReturn(aResponse().withStatus(200)));
    wireMock.stubFor(post(urlPathEqualTo("/charges")).willReturn(aResponse().withStatus(502)));
    String withCredentials = wireMock.baseUrl().replace("http://", "http://alice:s3cr3t@");
    try (LogCapture logs = new LogCapture(CallLog.LOGGER);
        KeelHttpClient client =
            KeelHttpClient.builder("payment-service")
                .baseUrl(withCredentials)
                .maxAttempts(1)
                .meterRegistry(meters)
                .build();
        Scope ignored = incoming().makeCurrent()) {
      mode.send(
          client,
          client.request("/charges?card=4111111111111111&apiKey=k").build(),
          BodyHandlers.discarding());
      assertThatThrownBy(
              () ->
                  mode.send(
                      client,
                      client
                          .request("/charges?apiKey=k")
                          .POST(BodyPublishers.ofString("{}"))
                          .build(),
                      BodyHandlers.discarding()))
          .isInstanceOf(DependencyServerErrorException.class);

      List<ILoggingEvent> events = logs.events();
      assertThat(events).hasSize(2);
      String url = "http://localhost:" + wireMock.port() + "/charges";
      assertThat(events.get(0).getLevel()).isEqualTo(Level.INFO);
      assertThat(events.get(0).getFormattedMessage())
          .matches(
              "GET \\Q"
                  + url
                  + "\\E -> 200 in \\d+\\.\\d ms \\(dependency=payment-service,"
                  + " attempt=1\\)");
      assertThat(events.get(1).getLevel()).isEqualTo(Level.WARN);
      assertThat(events.get(1).getFormattedMessage()).startsWith("POST " + url + " -> 502 in ");
      for (ILoggingEvent event : events) {
        assertThat(event.getFormattedMessage())
            .doesNotContain("?", "4111", "apiKey", "alice", "s3cr3t");
        assertThat(event.getMDCPropertyMap()).containsEntry(CallLog.MDC_TRACE_ID, TRACE_ID);
      }
    }
  }

  @Test
  void each_of_many_urls_is_logged_as_itself() throws Exception {
    // More distinct URLs than the client keeps parsed, built through it and from new URI objects
    wireMock.stubFor(get(urlPathMatching("/items/.*")).willReturn(aResponse().withStatus(200)));
    try (LogCapture logs = new LogCapture(CallLog.LOGGER);
        KeelHttpClient client = client().maxAttempts(1).build()) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String path = "/items/" + i + "?secret=" + i;
        var request =
            i % 2 == 0
                ? client.request(path).build()
                : HttpRequest.newBuilder(URI.create(wireMock.baseUrl() + path)).build();
        client.send(request, BodyHandlers.discarding());
        client.send(request, BodyHandlers.discarding()); // the same request again
        String url = "http://localhost:" + wireMock.port() + "/items/" + i;
        expected.add(url);
        expected.add(url);
      }
      assertThat(logs.messages())
          .extracting(m -> m.substring(4, m.indexOf(" -> ")))
          .containsExactlyElementsOf(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_incoming_trace_context_is_forwarded_as_traceparent_without_an_sdk(Mode mode)
      throws Exception {
    // Given the no-op OpenTelemetry (no SDK) and an incoming trace context
    wireMock.stubFor(get("/traced").willReturn(aResponse().withStatus(200)));
    try (KeelHttpClient client = client().openTelemetry(OpenTelemetry.noop()).build();
        Scope ignored = incoming().makeCurrent()) {
      // When
      mode.send(client, client.request("/traced").build(), BodyHandlers.discarding());
    }
    // Then the downstream sees the same trace and parent
    LoggedRequest request = wireMock.findAll(getRequestedFor(urlPathEqualTo("/traced"))).get(0);
    assertThat(request.getHeader("traceparent"))
        .isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
  }

  @Test
  void configured_propagators_are_used_when_present() throws Exception {
    wireMock.stubFor(get("/traced").willReturn(aResponse().withStatus(200)));
    OpenTelemetry withW3c =
        OpenTelemetry.propagating(
            ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
    try (KeelHttpClient client = client().openTelemetry(withW3c).build();
        Scope ignored = incoming().makeCurrent()) {
      client.send(client.request("/traced").build(), BodyHandlers.discarding());
    }
    LoggedRequest request = wireMock.findAll(getRequestedFor(urlPathEqualTo("/traced"))).get(0);
    assertThat(request.getHeader("traceparent")).contains(TRACE_ID);
  }

  @Test
  void without_an_incoming_context_no_traceparent_is_invented() throws Exception {
    wireMock.stubFor(get("/untraced").willReturn(aResponse().withStatus(200)));
    try (KeelHttpClient client = client().openTelemetry(OpenTelemetry.noop()).build()) {
      client.send(client.request("/untraced").build(), BodyHandlers.discarding());
    }
    LoggedRequest request = wireMock.findAll(getRequestedFor(urlPathEqualTo("/untraced"))).get(0);
    assertThat(request.containsHeader("traceparent")).isFalse();
  }

  @Test
  void closing_a_client_removes_its_gauges_but_keeps_its_counters() throws Exception {
    wireMock.stubFor(get("/ok").willReturn(aResponse().withStatus(200)));
    KeelHttpClient client = client().build();
    client.send(client.request("/ok").build(), BodyHandlers.discarding());
    assertThat(meters.find(KeelMicrometer.BREAKER_STATE).gauges()).hasSize(5);

    client.close();

    assertThat(meters.find(KeelMicrometer.BREAKER_STATE).gauges()).isEmpty();
    assertThat(meters.get("http.client.requests").counter().count()).isEqualTo(1.0);
  }
}
