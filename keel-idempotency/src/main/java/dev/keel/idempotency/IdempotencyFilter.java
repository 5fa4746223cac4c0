package dev.keel.idempotency;

import dev.keel.idempotency.internal.BufferingResponse;
import dev.keel.idempotency.internal.CachedBodyRequest;
import dev.keel.idempotency.internal.HttpGuard;
import dev.keel.idempotency.internal.Problems;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

  private final IdempotencyExecutor executor;
  private final HttpGuard guard;
  private final Function<HttpServletRequest, String> tenant;

  private IdempotencyFilter(Builder b) {
    this.executor = b.executor;
    this.guard = new HttpGuard(b.executor, b.settings);
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
    String path = path(req);
    HttpGuard.Plan plan =
        guard.plan(
            req.getMethod(),
            path,
            req.getContentType(),
            req.getHeader(guard.settings().headerName()),
            guard.settings().guards(req.getMethod()) ? tenant.apply(req) : null,
            limit -> CachedBodyRequest.readBody(req, limit));
    switch (plan) {
      case HttpGuard.PassThrough p -> chain.doFilter(req, res);
      case HttpGuard.Refuse r -> writeProblem(res, r.problem());
      case HttpGuard.Guard g -> guarded(req, res, chain, g);
    }
  }

  private void guarded(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain, HttpGuard.Guard g)
      throws IOException, ServletException {
    BufferingResponse buffered = new BufferingResponse(res);
    IdempotencyResult result;
    try {
      result =
          executor.execute(
              g.scope(),
              g.key(),
              g.fingerprint(),
              () -> {
                chain.doFilter(new CachedBodyRequest(req, g.body()), buffered);
                return guard.capture(
                    buffered.getStatus(), name -> headers(res, name), buffered.body());
              });
    } catch (IdempotencyException e) {
      res.reset();
      writeProblem(res, Problems.of(e));
      return;
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
    if (result.replayed()) {
      replay(res, result.response());
    } else {
      buffered.writeBodyTo(res);
    }
  }

  private static Collection<String> headers(HttpServletResponse res, String name) {
    if (name.equals("content-type")) {
      return res.getContentType() == null ? List.of() : List.of(res.getContentType());
    }
    return res.getHeaders(name);
  }

  private static void replay(HttpServletResponse res, IdempotentResponse stored)
      throws IOException {
    res.reset();
    res.setStatus(stored.status());
    for (Map.Entry<String, List<String>> h : stored.headers().entrySet()) {
      if (h.getKey().equals("content-type")) {
        res.setContentType(h.getValue().get(0));
      } else {
        h.getValue().forEach(v -> res.addHeader(h.getKey(), v));
      }
    }
    res.setHeader(HttpIdempotencySettings.REPLAYED_HEADER, "true");
    byte[] body = stored.body();
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  private static void writeProblem(HttpServletResponse res, Problems.Problem problem)
      throws IOException {
    res.setStatus(problem.status());
    res.setContentType(Problems.CONTENT_TYPE);
    if (problem.retryAfterSeconds() != null) {
      res.setHeader("Retry-After", problem.retryAfterSeconds());
    }
    res.setContentLength(problem.body().length);
    res.getOutputStream().write(problem.body());
  }

  private static String path(HttpServletRequest req) {
    String uri = req.getRequestURI();
    return uri == null || uri.isEmpty() ? "/" : uri;
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
