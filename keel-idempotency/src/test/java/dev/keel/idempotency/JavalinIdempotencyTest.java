package dev.keel.idempotency;

import io.javalin.Javalin;
import java.net.URI;

/** {@link JavalinIdempotency} in a real Javalin 7 app on a random port. */
class JavalinIdempotencyTest extends HttpAdapterContract {

  private Javalin app;

  @Override
  URI start(IdempotencyExecutor executor) {
    JavalinIdempotency idempotency =
        JavalinIdempotency.builder(executor).tenant(ctx -> ctx.header("X-Tenant")).build();
    app =
        Javalin.create(
                config -> {
                  config.routes.post(
                      "/orders",
                      idempotency.wrap(
                          ctx -> {
                            String[] r =
                                order(ctx.body(), ctx.header("X-Fail"), ctx.header("X-Block"));
                            ctx.status(Integer.parseInt(r[0]));
                            if (r[1] != null) {
                              ctx.header("Location", r[1]);
                            }
                            ctx.header("X-Not-Stored", "live-only");
                            ctx.contentType("application/json").result(r[2]);
                          }));
                  config.routes.get("/orders", idempotency.wrap(ctx -> ctx.result("listing")));
                })
            .start("127.0.0.1", 0);
    return URI.create("http://127.0.0.1:" + app.port());
  }

  @Override
  void stop() {
    app.stop();
  }
}
