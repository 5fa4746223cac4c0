package dev.keel.server.internal.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The outermost layer of every request: assigns a request id, sheds load past the in-flight bound
 * (503 + {@code Retry-After}), rejects bodies declared larger than the limit (413) before they are
 * read, and writes one structured access-log line and one timer sample when the request ends.
 *
 * <p>The access log never contains the query string or any header value but the request id.
 * Thread-safe.
 */
public final class RequestFilter implements Filter {

  /** Request attribute with the matched route template, set by a Javalin before-handler. */
  public static final String ROUTE_ATTRIBUTE = "keel.route";

  private static final Logger ACCESS = LoggerFactory.getLogger("keel.access");

  /** How far past the limit a rejected body is still read to its end; see rejectTooLarge. */
  private static final long DISCARD_SLACK = 1024 * 1024;

  private final InFlightLimiter limiter;

  /** Separate bound for lease long polls, which hold a slot for up to KEEL_MAX_LEASE_WAIT. */
  private final InFlightLimiter polls;

  private final long maxRequestBytes;
  private final MeterRegistry registry;

  /** Builds the filter. */
  public RequestFilter(
      InFlightLimiter limiter,
      InFlightLimiter polls,
      long maxRequestBytes,
      MeterRegistry registry) {
    this.limiter = limiter;
    this.polls = polls;
    this.maxRequestBytes = maxRequestBytes;
    this.registry = registry;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    long start = System.nanoTime();
    String requestId = RequestIds.of(req.getHeader(RequestIds.HEADER));
    req.setAttribute(RequestIds.ATTRIBUTE, requestId);
    res.setHeader(RequestIds.HEADER, requestId);
    res.setHeader("X-Content-Type-Options", "nosniff");
    if (req.getRequestURI().startsWith("/v1")) {
      res.setHeader("Cache-Control", "no-store"); // job payloads and results stay out of caches
    }
    MDC.put("requestId", requestId);
    boolean exempt = req.getRequestURI().startsWith("/health/");
    // long polls wait on their own bound, so idle workers can never crowd out enqueues
    InFlightLimiter bound =
        "POST".equals(req.getMethod()) && req.getRequestURI().endsWith("/leases") ? polls : limiter;
    boolean acquired = !exempt && bound.tryAcquire();
    AtomicBoolean done = new AtomicBoolean();
    try {
      if (!exempt && !acquired) {
        registry.counter("keel.http.server.shed").increment();
        Problem p =
            bound.draining()
                ? Problems.unavailable(
                    "shutting-down", "the server is shutting down; retry on another instance", 1)
                : Problems.unavailable(
                    "overloaded",
                    "the server is at its limit of "
                        + bound.max()
                        + (bound == polls
                            ? " waiting lease requests (KEEL_MAX_LONG_POLLS)"
                            : " requests in flight (KEEL_MAX_IN_FLIGHT)")
                        + "; retry after the delay",
                    1);
        ProblemWriter.write(res, p, req.getRequestURI());
        return;
      }
      if (req.getContentLengthLong() > maxRequestBytes) {
        rejectTooLarge(req, res, req.getContentLengthLong() <= maxRequestBytes + DISCARD_SLACK);
        return;
      }
      ServletRequest forward = request;
      if (req.getContentLengthLong() < 0 && req.getHeader("Transfer-Encoding") != null) {
        // a body of unknown length: read it now, within the limit, so nothing downstream can be
        // made to buffer more
        byte[] body =
            req.getInputStream()
                .readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
        if (body.length > maxRequestBytes) {
          rejectTooLarge(req, res, true);
          return;
        }
        forward = new BufferedBodyRequest(req, body);
      }
      chain.doFilter(forward, response);
    } finally {
      if (req.isAsyncStarted()) {
        req.getAsyncContext()
            .addListener(
                new AsyncListener() {
                  @Override
                  public void onComplete(AsyncEvent event) {
                    finish(req, res, start, requestId, acquired ? bound : null, done);
                  }

                  @Override
                  public void onTimeout(AsyncEvent event) {}

                  @Override
                  public void onError(AsyncEvent event) {
                    finish(req, res, start, requestId, acquired ? bound : null, done);
                  }

                  @Override
                  public void onStartAsync(AsyncEvent event) {}
                });
      } else {
        finish(req, res, start, requestId, acquired ? bound : null, done);
      }
      MDC.remove("requestId");
    }
  }

  /**
   * Answers 413. The rest of the body is read and thrown away first when {@code discard} and it
   * ends within {@link #DISCARD_SLACK}: a server that closes with unread bytes in its receive
   * buffer makes the kernel send a reset, which can destroy the 413 before the client reads it. A
   * longer body is cut off by closing the connection.
   */
  private void rejectTooLarge(HttpServletRequest req, HttpServletResponse res, boolean discard)
      throws IOException {
    boolean drained = false;
    if (discard) {
      try {
        InputStream in = req.getInputStream();
        byte[] buffer = new byte[8192];
        long left = DISCARD_SLACK + maxRequestBytes;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
          left -= n;
        }
        drained = in.read() < 0;
      } catch (IOException e) {
        // the client went away: not drained, so the connection is closed below
      }
    }
    if (!drained) {
      res.setHeader("Connection", "close");
    }
    ProblemWriter.write(res, Problems.tooLarge(maxRequestBytes), req.getRequestURI());
  }

  private void finish(
      HttpServletRequest req,
      HttpServletResponse res,
      long start,
      String requestId,
      InFlightLimiter acquired,
      AtomicBoolean done) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    if (acquired != null) {
      acquired.release();
    }
    long nanos = System.nanoTime() - start;
    Object route = req.getAttribute(ROUTE_ATTRIBUTE);
    String status = Integer.toString(res.getStatus());
    Timer.builder("keel.http.server.requests")
        .description("HTTP requests served, by route template and status")
        .tag("method", req.getMethod())
        .tag("route", route == null ? "unmatched" : route.toString())
        .tag("status", status)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    ACCESS
        .atInfo()
        .addKeyValue("method", req.getMethod())
        .addKeyValue("path", req.getRequestURI())
        .addKeyValue("status", res.getStatus())
        .addKeyValue("latency_ms", String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6))
        .addKeyValue("request_id", requestId)
        .log("request");
  }
}
