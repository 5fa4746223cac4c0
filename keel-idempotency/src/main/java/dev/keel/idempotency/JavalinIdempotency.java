package dev.keel.idempotency;

import dev.keel.idempotency.internal.HttpGuard;
import dev.keel.idempotency.internal.Problems;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes Javalin (7.x) handlers idempotent with an {@link IdempotencyExecutor}: {@link
 * #wrap(Handler)} returns a handler that reads the {@code Idempotency-Key} header, scopes the key
 * by tenant and by method and path, fingerprints the request, and runs the wrapped handler once —
 * or replays the stored status, selected headers and body with {@code Idempotent-Replayed: true}.
 * Refusals are RFC 9457 problem documents, as with {@link IdempotencyFilter}.
 *
 * <pre>{@code
 * JavalinIdempotency idempotency =
 *     JavalinIdempotency.builder(executor).tenant(ctx -> ctx.attribute("accountId")).build();
 * Javalin.create(config -> config.routes.post("/orders", idempotency.wrap(ctx -> { ... })));
 * }</pre>
 *
 * <p>Synchronous handlers only: a handler that hands its result to {@code ctx.future(...)} is not
 * supported. An exception thrown by the wrapped handler releases the claim and reaches Javalin's
 * exception handlers unchanged. Thread-safe.
 */
public final class JavalinIdempotency {

  private final IdempotencyExecutor executor;
  private final HttpGuard guard;
  private final Function<Context, String> tenant;

  private JavalinIdempotency(Builder b) {
    this.executor = b.executor;
    this.guard = new HttpGuard(b.executor, b.settings);
    this.tenant = b.tenant;
  }

  /** A builder over {@code executor}. */
  public static Builder builder(IdempotencyExecutor executor) {
    return new Builder(executor);
  }

  /** {@code handler}, made idempotent. */
  public Handler wrap(Handler handler) {
    Objects.requireNonNull(handler, "handler");
    return ctx -> handle(ctx, handler);
  }

  private void handle(Context ctx, Handler handler) throws Exception {
    String method = ctx.method().name();
    HttpGuard.Plan plan =
        guard.plan(
            method,
            ctx.path(),
            ctx.contentType(),
            ctx.header(guard.settings().headerName()),
            guard.settings().guards(method) ? tenant.apply(ctx) : null,
            limit -> {
              byte[] body = ctx.bodyAsBytes();
              return body.length > limit ? null : body;
            });
    switch (plan) {
      case HttpGuard.PassThrough p -> handler.handle(ctx);
      case HttpGuard.Refuse r -> problem(ctx, r.problem());
      case HttpGuard.Guard g -> guarded(ctx, handler, g);
    }
  }

  private void guarded(Context ctx, Handler handler, HttpGuard.Guard g) throws Exception {
    IdempotencyResult result;
    try {
      result =
          executor.execute(
              g.scope(),
              g.key(),
              g.fingerprint(),
              () -> {
                handler.handle(ctx);
                byte[] body;
                try (InputStream in = ctx.resultInputStream()) {
                  body = in == null ? new byte[0] : in.readAllBytes();
                }
                ctx.result(body);
                return guard.capture(
                    ctx.statusCode(),
                    name ->
                        name.equals("content-type")
                            ? (ctx.res().getContentType() == null
                                ? List.of()
                                : List.of(ctx.res().getContentType()))
                            : ctx.res().getHeaders(name),
                    body);
              });
    } catch (IdempotencyException e) {
      problem(ctx, Problems.of(e));
      return;
    }
    if (result.replayed()) {
      IdempotentResponse stored = result.response();
      ctx.status(stored.status());
      for (Map.Entry<String, List<String>> h : stored.headers().entrySet()) {
        if (h.getKey().equals("content-type")) {
          ctx.contentType(h.getValue().get(0));
        } else {
          h.getValue().forEach(v -> ctx.res().addHeader(h.getKey(), v));
        }
      }
      ctx.header(HttpIdempotencySettings.REPLAYED_HEADER, "true");
      ctx.result(stored.body());
    }
  }

  private static void problem(Context ctx, Problems.Problem problem) {
    ctx.status(problem.status());
    ctx.contentType(Problems.CONTENT_TYPE);
    if (problem.retryAfterSeconds() != null) {
      ctx.header("Retry-After", problem.retryAfterSeconds());
    }
    ctx.result(problem.body());
  }

  /** Configures a {@link JavalinIdempotency}. Not thread-safe. */
  public static final class Builder {
    private final IdempotencyExecutor executor;
    private HttpIdempotencySettings settings = HttpIdempotencySettings.DEFAULTS;
    private Function<Context, String> tenant;

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
     * Required: who the request belongs to. Keys are scoped by it; a single-tenant service says
     * {@code tenant(ctx -> "global")}. A null result is refused with 401.
     */
    public Builder tenant(Function<Context, String> tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException if no tenant resolver was given
     */
    public JavalinIdempotency build() {
      if (tenant == null) {
        throw new IllegalStateException(
            "tenant resolver is required: keys must be scoped per tenant; use tenant(ctx ->"
                + " \"global\") for a single-tenant service");
      }
      return new JavalinIdempotency(this);
    }
  }
}
