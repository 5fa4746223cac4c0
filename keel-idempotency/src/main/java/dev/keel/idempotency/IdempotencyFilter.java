package dev.keel.idempotency;

import dev.keel.idempotency.internal.BufferingResponse;
import dev.keel.idempotency.internal.CachedBodyRequest;
import dev.keel.idempotency.internal.HttpExchange;
import dev.keel.idempotency.internal.IdempotentHttpFlow;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Jakarta Servlet (6.0+) filter that makes guarded requests idempotent with an {@link
 * IdempotencyExecutor}.
 *
 * <p>For a request whose method is guarded ({@code POST} and {@code PATCH} by default) it reads the
 * {@code Idempotency-Key} header, scopes the key by the tenant (from the resolver you give) and by
 * method and path, fingerprints the request ({@link RequestFingerprinter}), then either runs the
 * rest of the chain once — buffering the response body so the outcome can be stored — or answers
 * from the store with {@code Idempotent-Replayed: true}. Refusals are RFC 9457 problem documents
 * ({@code application/problem+json}): 400 key missing or invalid, 401 no tenant, 413 body too
 * large, 422 key reused with another request, 409 in flight ({@code Retry-After}), 503 store down
 * ({@code Retry-After}).
 *
 * <p>Synchronous servlets only: the response body is buffered in memory, and async processing under
 * a guarded request is not supported. Thread-safe.
 */
public final class IdempotencyFilter implements Filter {

  private final IdempotentHttpFlow flow;
  private final Function<HttpServletRequest, String> tenant;

  private IdempotencyFilter(Builder b) {
    this.flow = new IdempotentHttpFlow(b.executor, b.settings);
    this.tenant = b.tenant;
  }

  /** A builder for a filter over {@code executor}. */
  public static Builder builder(IdempotencyExecutor executor) {
    return new Builder(executor);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req)
        || !(response instanceof HttpServletResponse res)) {
      chain.doFilter(request, response);
      return;
    }
    try {
      flow.handle(new ServletExchange(req, res, chain));
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }

  /** One request through the filter, as the shared flow sees it. */
  private final class ServletExchange implements HttpExchange {
    private final HttpServletRequest req;
    private final HttpServletResponse res;
    private final FilterChain chain;

    /** The handler's buffered response, once it ran. */
    private BufferingResponse buffered;

    ServletExchange(HttpServletRequest req, HttpServletResponse res, FilterChain chain) {
      this.req = req;
      this.res = res;
      this.chain = chain;
    }

    @Override
    public String method() {
      return req.getMethod();
    }

    @Override
    public String path() {
      String uri = req.getRequestURI();
      return uri == null || uri.isEmpty() ? "/" : uri;
    }

    @Override
    public String contentType() {
      return req.getContentType();
    }

    @Override
    public String header(String name) {
      return req.getHeader(name);
    }

    @Override
    public String tenant() {
      return tenant.apply(req);
    }

    @Override
    public byte[] body(int limit) throws IOException {
      return CachedBodyRequest.readBody(req, limit);
    }

    @Override
    public void proceed() throws IOException, ServletException {
      chain.doFilter(req, res);
    }

    @Override
    public Answer proceedBuffered(byte[] body) throws IOException, ServletException {
      buffered = new BufferingResponse(res);
      chain.doFilter(new CachedBodyRequest(req, body), buffered);
      return new Answer(buffered.getStatus(), IdempotentHttpFlow.headersOf(res), buffered.body());
    }

    @Override
    public void commit() throws IOException {
      buffered.writeBodyTo(res);
    }

    @Override
    public void reset() {
      res.reset();
    }

    @Override
    public void status(int status) {
      res.setStatus(status);
    }

    @Override
    public void responseContentType(String contentType) {
      res.setContentType(contentType);
    }

    @Override
    public void addHeader(String name, String value) {
      res.addHeader(name, value);
    }

    @Override
    public void setHeader(String name, String value) {
      res.setHeader(name, value);
    }

    @Override
    public void write(byte[] body) throws IOException {
      res.setContentLength(body.length);
      res.getOutputStream().write(body);
    }
  }

  /** Configures an {@link IdempotencyFilter}. Not thread-safe. */
  public static final class Builder {
    private final IdempotencyExecutor executor;
    private HttpIdempotencySettings settings = HttpIdempotencySettings.DEFAULTS;
    private Function<HttpServletRequest, String> tenant;

    private Builder(IdempotencyExecutor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Header name, guarded methods, stored headers, fingerprinting [{@link
     * HttpIdempotencySettings#DEFAULTS}].
     */
    public Builder settings(HttpIdempotencySettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Required: who the request belongs to, e.g. the authenticated user or account id. Keys are
     * scoped by it, so two tenants never see each other's responses. A single-tenant service says
     * so explicitly: {@code tenant(r -> "global")}. A null result is refused with 401.
     */
    public Builder tenant(Function<HttpServletRequest, String> tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException if no tenant resolver was given
     */
    public IdempotencyFilter build() {
      if (tenant == null) {
        throw new IllegalStateException(
            "tenant resolver is required: keys must be scoped per tenant; use tenant(r -> \"global\")"
                + " for a single-tenant service");
      }
      return new IdempotencyFilter(this);
    }
  }
}
