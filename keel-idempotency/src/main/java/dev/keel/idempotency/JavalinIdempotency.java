package dev.keel.idempotency;

import dev.keel.idempotency.internal.HttpExchange;
import dev.keel.idempotency.internal.IdempotentHttpFlow;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.InputStream;
import java.sql.Connection;
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
  private final IdempotentHttpFlow flow;
  private final Function<Context, String> tenant;

  private JavalinIdempotency(Builder b) {
    this.executor = b.executor;
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
    return ctx -> flow.handle(new JavalinExchange(ctx, (c, tx) -> handler.handle(c)));
  }

  /**
   * {@code handler}, made idempotent inside one database transaction: for a guarded request the
   * handler gets the transaction that holds the key's claim, does its writes on it, and they commit
   * together with the stored answer (or roll back together: an exception or a 5xx answer). See
   * {@link IdempotencyExecutor#executeInTransaction}. A request that is not guarded (no key where
   * none is required, or a method that is not guarded) gets {@code null} and does its own
   * transaction.
   *
   * @throws IllegalStateException if the executor's store is not a {@link
   *     TransactionalIdempotencyStore}
   */
  public Handler wrapInTransaction(TransactionalHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (!(executor.store() instanceof TransactionalIdempotencyStore)) {
      throw new IllegalStateException(
          "wrapInTransaction needs a SQL idempotency store (PostgreSQL or SQLite), not "
              + executor.store().name()
              + "; use wrap(handler)");
    }
    return ctx -> flow.handle(new JavalinExchange(ctx, handler), true);
  }

  /**
   * A Javalin handler that writes to the idempotency store's database on the transaction it is
   * given ({@code null} when the request is not guarded). It must not commit, roll back or close
   * the transaction.
   */
  @FunctionalInterface
  public interface TransactionalHandler {
    /** Handles {@code ctx}, writing on {@code tx} when it is not null. */
    void handle(Context ctx, Connection tx) throws Exception;
  }

  /**
   * One request through a wrapped handler, as the shared flow sees it. Javalin writes the result
   * after the handler, so the live answer needs no commit, and a replay or a refusal sets the
   * result over whatever the handler set (no reset, as the servlet filter does).
   */
  private final class JavalinExchange implements HttpExchange {
    private final Context ctx;
    private final TransactionalHandler handler;

    JavalinExchange(Context ctx, TransactionalHandler handler) {
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
      handler.handle(ctx, null);
    }

    @Override
    public Answer proceedBuffered(byte[] body) throws Exception {
      return proceedBuffered(body, null);
    }

    @Override
    public Answer proceedBuffered(byte[] body, Connection tx) throws Exception {
      handler.handle(ctx, tx);
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
