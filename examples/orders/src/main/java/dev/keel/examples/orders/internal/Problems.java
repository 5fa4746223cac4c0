package dev.keel.examples.orders.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;

/** RFC 9457 problem documents ({@code application/problem+json}) with stable {@code type} URIs. */
public final class Problems {

  /** The base of every {@code type} this service answers with. */
  public static final String TYPE_BASE = "https://keel.dev/examples/orders/problems/";

  private Problems() {}

  /** Writes a problem with {@code status}, {@code type} (under {@link #TYPE_BASE}) and detail. */
  public static ObjectNode write(
      Context ctx, int status, String type, String title, String detail) {
    ObjectNode body = Json.object();
    body.put("type", TYPE_BASE + type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    ctx.status(status);
    ctx.contentType("application/problem+json");
    ctx.result(Json.write(body));
    return body;
  }

  /** Like {@link #write}, with a {@code Retry-After} in whole seconds (at least 1). */
  public static void unavailable(
      Context ctx, String type, String title, String detail, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    ctx.header("Retry-After", Long.toString(seconds));
    write(ctx, 503, type, title, detail);
  }

  /** 400 listing every problem with the request. */
  public static void invalid(Context ctx, List<String> errors) {
    ObjectNode body =
        Json.object()
            .put("type", TYPE_BASE + "invalid-order")
            .put("title", "The order is invalid")
            .put("status", 400)
            .put("detail", String.join("; ", errors));
    errors.forEach(body.putArray("errors")::add);
    ctx.status(400);
    ctx.contentType("application/problem+json");
    ctx.result(Json.write(body));
  }
}
