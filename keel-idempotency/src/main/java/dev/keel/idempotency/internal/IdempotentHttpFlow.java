package dev.keel.idempotency.internal;

import dev.keel.idempotency.HttpIdempotencySettings;
import dev.keel.idempotency.IdempotencyException;
import dev.keel.idempotency.IdempotencyExecutor;
import dev.keel.idempotency.IdempotencyResult;
import dev.keel.idempotency.IdempotentResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The request-handling flow both HTTP adapters share: plan the request ({@link HttpGuard}); pass it
 * through, refuse it with a problem document, or run the handler once under the {@link
 * IdempotencyExecutor} and then send its live answer on or replay the stored one with {@code
 * Idempotent-Replayed: true}. The adapters only say how their framework reads a request, runs the
 * handler and writes a response ({@link HttpExchange}). Thread-safe.
 */
public final class IdempotentHttpFlow {

  private final IdempotencyExecutor executor;
  private final HttpGuard guard;

  /** A flow over {@code executor} with these settings. */
  public IdempotentHttpFlow(IdempotencyExecutor executor, HttpIdempotencySettings settings) {
    this.executor = executor;
    this.guard = new HttpGuard(executor, settings);
  }

  /**
   * Handles one request.
   *
   * @throws Exception whatever the handler throws, unchanged (after the claim is released), and I/O
   *     failures writing the response
   */
  public void handle(HttpExchange exchange) throws Exception {
    handle(exchange, false);
  }

  /**
   * Handles one request; when {@code inTransaction}, a guarded request runs through {@link
   * IdempotencyExecutor#executeInTransaction} and {@link HttpExchange#proceedBuffered(byte[],
   * java.sql.Connection)}, so the handler's writes and the stored answer commit together.
   */
  public void handle(HttpExchange exchange, boolean inTransaction) throws Exception {
    HttpIdempotencySettings settings = guard.settings();
    String method = exchange.method();
    HttpGuard.Plan plan =
        guard.plan(
            method,
            exchange.path(),
            exchange.contentType(),
            exchange.header(settings.headerName()),
            settings.guards(method) ? exchange.tenant() : null,
            exchange::body);
    switch (plan) {
      case HttpGuard.PassThrough p -> exchange.proceed();
      case HttpGuard.Refuse r -> problem(exchange, r.problem());
      case HttpGuard.Guard g -> guarded(exchange, g, inTransaction);
    }
  }

  private void guarded(HttpExchange exchange, HttpGuard.Guard g, boolean inTransaction)
      throws Exception {
    IdempotencyResult result;
    try {
      result =
          inTransaction
              ? executor.executeInTransaction(
                  g.scope(),
                  g.key(),
                  g.fingerprint(),
                  tx -> capture(exchange.proceedBuffered(g.body(), tx)))
              : executor.execute(
                  g.scope(),
                  g.key(),
                  g.fingerprint(),
                  () -> capture(exchange.proceedBuffered(g.body())));
    } catch (IdempotencyException e) {
      exchange.reset();
      problem(exchange, Problems.of(e));
      return;
    }
    if (result.replayed()) {
      replay(exchange, result.response());
    } else {
      exchange.commit();
    }
  }

  private IdempotentResponse capture(HttpExchange.Answer answer) {
    return guard.capture(answer.status(), answer.headers(), answer.body());
  }

  private static void replay(HttpExchange exchange, IdempotentResponse stored) throws IOException {
    exchange.reset();
    exchange.status(stored.status());
    for (Map.Entry<String, List<String>> h : stored.headers().entrySet()) {
      if (h.getKey().equals("content-type")) {
        exchange.responseContentType(h.getValue().get(0));
      } else {
        h.getValue().forEach(v -> exchange.addHeader(h.getKey(), v));
      }
    }
    exchange.setHeader(HttpIdempotencySettings.REPLAYED_HEADER, "true");
    exchange.write(stored.body());
  }

  private static void problem(HttpExchange exchange, Problems.Problem problem) throws IOException {
    exchange.status(problem.status());
    exchange.responseContentType(Problems.CONTENT_TYPE);
    if (problem.retryAfterSeconds() != null) {
      exchange.setHeader("Retry-After", problem.retryAfterSeconds());
    }
    exchange.write(problem.body());
  }

  /**
   * The headers of a servlet response (Javalin's is one too) by lower-case name, for {@link
   * HttpExchange.Answer}: {@code content-type} from {@code getContentType()}, which a servlet
   * container may not list among the headers, the others from {@code getHeaders}.
   */
  public static Function<String, Collection<String>> headersOf(HttpServletResponse res) {
    return name -> {
      if (name.equals("content-type")) {
        return res.getContentType() == null ? List.of() : List.of(res.getContentType());
      }
      return res.getHeaders(name);
    };
  }
}
