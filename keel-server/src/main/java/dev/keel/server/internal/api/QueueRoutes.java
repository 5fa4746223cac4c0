package dev.keel.server.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.QueueOverview;
import dev.keel.server.internal.http.Json;
import dev.keel.server.internal.http.RouteModule;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/queues}: counts by state, DLQ depth, oldest waiting job, limits, latency. */
public final class QueueRoutes implements RouteModule {

  private final StoreCalls store;

  private final Jobs jobs;
  private final long dlqAlertThreshold;

  /** Reports {@code jobs}' queues; DLQ depth at or above {@code dlqAlertThreshold} is flagged. */
  public QueueRoutes(StoreCalls store, Jobs jobs, long dlqAlertThreshold) {
    this.store = store;
    this.jobs = jobs;
    this.dlqAlertThreshold = dlqAlertThreshold;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(
        "/v1/queues",
        ctx -> {
          List<QueueOverview> queues = store.call(jobs::queues);
          ObjectNode out = Json.MAPPER.createObjectNode();
          out.put("generatedAt", Instant.now().toString());
          ArrayNode arr = out.putArray("queues");
          queues.forEach(q -> arr.add(JobJson.queue(q, dlqAlertThreshold)));
          ctx.json(out);
        });
  }
}
