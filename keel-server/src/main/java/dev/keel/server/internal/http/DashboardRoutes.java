package dev.keel.server.internal.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard: static HTML, CSS and vanilla JS from the classpath ({@code
 * dev/keel/server/dashboard/}), no build step. The page holds no data; everything it shows comes
 * from {@code /v1} with the token the user typed in, so the shell itself needs no auth. Strict
 * Content-Security-Policy (same-origin scripts only, no inline code).
 */
public final class DashboardRoutes implements RouteModule {

  private static final String BASE = "dev/keel/server/dashboard/";

  private static final Map<String, String> ASSETS =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8");

  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final Map<String, byte[]> content;

  /** Loads every asset once. */
  public DashboardRoutes() {
    var m = new java.util.HashMap<String, byte[]>();
    for (String name : ASSETS.keySet()) {
      try (InputStream in =
          DashboardRoutes.class.getClassLoader().getResourceAsStream(BASE + name)) {
        if (in == null) {
          throw new IllegalStateException("dashboard asset missing from the jar: " + BASE + name);
        }
        m.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    content = Map.copyOf(m);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/", ctx -> serve(ctx, "index.html"));
    routes.get(
        "/dashboard/{asset}",
        ctx -> {
          String name = ctx.pathParam("asset");
          if (!ASSETS.containsKey(name)) {
            throw Problems.notFound("no dashboard asset named " + name).toException();
          }
          serve(ctx, name);
        });
  }

  private void serve(Context ctx, String name) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(ASSETS.get(name));
    ctx.result(content.get(name));
  }
}
