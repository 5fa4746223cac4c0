package dev.keel.idempotency;

import dev.keel.idempotency.internal.HttpExchange;
import dev.keel.idempotency.internal.IdempotentHttpFlow;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.InputStream;
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

  private final IdempotentHttpFlow flow;
  private final Function<Context, String> tenant;

  private JavalinIdempotency(Builder b) {
    this.flow = new IdempotentHttpFlow(b.executor, b.settings);
    this.tenant = b.tenant;
  }

  /** A builder over {@code executor}. */
  public static Builder builder(IdempotencyExecutor executor) {
    return new Builder(executor);
  }

  /** {@code handler}, made idempotent. */
  public Handler wrap(Handler handler) {
    Objects.requireNonNull(handler, "handler");
    return ctx -> flow.handle(new JavalinExchange(ctx, handler));
  }

  /**
   * One request through a wrapped handler, as the shared flow sees it. Javalin writes the result
   * after the handler, so the live answer needs no commit, and a replay or a refusal sets the
   * result over whatever the handler set (no reset, as the servlet filter does).
   */
  private final class JavalinExchange implements HttpExchange {
    private final Context ctx;
    private final Handler handler;

    JavalinExchange(Context ctx, Handler handler) {
      this.ctx = ctx;
      this.handler = handler;
    }

    @Override
    public String method() {
      return ctx.method().name();
    }

    @Override
    public String path() {
      return ctx.path();
    }

    @Override
    public String contentType() {
      return ctx.contentType();
    }

    @Override
    public String header(String name) {
      return ctx.header(name);
    }

    @Override
    public String tenant() {
      return tenant.apply(ctx);
    }

    @Override
    public byte[] body(int limit) {
      byte[] body = ctx.bodyAsBytes();
      return body.length > limit ? null : body;
    }

    @Override
    public void proceed() throws Exception {
      handler.handle(ctx);
    }

    @Override
    public Answer proceedBuffered(byte[] body) throws Exception {
      handler.handle(ctx);
      byte[] result;
      try (InputStream in = ctx.resultInputStream()) {
        result = in == null ? new byte[0] : in.readAllBytes();
      }
      ctx.result(result);
      return new Answer(ctx.statusCode(), IdempotentHttpFlow.headersOf(ctx.res()), result);
    }

    @Override
    public void commit() {}

    @Override
    public void reset() {}

    @Override
    public void status(int status) {
      ctx.status(status);
    }

    @Override
    public void responseContentType(String contentType) {
      ctx.contentType(contentType);
    }

    @Override
    public void addHeader(String name, String value) {
      ctx.res().addHeader(name, value);
    }

    @Override
    public void setHeader(String name, String value) {
      ctx.header(name, value);
    }

    @Override
    public void write(byte[] body) {
      ctx.result(body);
    }
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
