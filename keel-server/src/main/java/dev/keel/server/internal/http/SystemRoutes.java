package dev.keel.server.internal.http;

import dev.keel.server.internal.health.HealthRegistry;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}: no auth, for probes. */
public final class SystemRoutes implements RouteModule {

  private final HealthRegistry health;
  private final PrometheusMeterRegistry prometheus;

  /** Serves {@code health} and {@code prometheus}. */
  public SystemRoutes(HealthRegistry health, PrometheusMeterRegistry prometheus) {
    this.health = health;
    this.prometheus = prometheus;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/health/live", ctx -> ctx.json(Map.of("status", "up")));
    routes.get(
        "/health/ready",
        ctx -> {
          HealthRegistry.Report r = health.report();
          ctx.status(r.ready() ? 200 : 503);
          if (!r.ready()) {
            ctx.header("Retry-After", "5");
          }
          ctx.json(r);
        });
    routes.get(
        "/metrics",
        ctx -> {
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
          ctx.result(prometheus.scrape());
        });
  }
}
