package dev.keel.server.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.LeaseRequest;
import dev.keel.jobs.LeasedJob;
import dev.keel.server.internal.http.Bodies;
import dev.keel.server.internal.http.Fields;
import dev.keel.server.internal.http.Json;
import dev.keel.server.internal.http.Problems;
import dev.keel.server.internal.http.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /v1/queues/{queue}/leases}: the pull API for workers in any language. A long poll
 * waits in slices of at most one second (each slice is woken at once by new work), so a server that
 * starts draining stops handing out leases within a second and answers the waiting workers with
 * what they have (usually nothing).
 */
public final class LeaseRoutes implements RouteModule {

  private final StoreCalls store;

  private static final Duration SLICE = Duration.ofSeconds(1);

  private final Jobs jobs;
  private final long maxRequestBytes;
  private final Duration defaultVisibility;
  private final Duration maxWait;
  private final BooleanSupplier draining;

  /** Leases from {@code jobs}; refuses new leases once {@code draining} is true. */
  public LeaseRoutes(
      StoreCalls store,
      Jobs jobs,
      long maxRequestBytes,
      Duration defaultVisibility,
      Duration maxWait,
      BooleanSupplier draining) {
    this.store = store;
    this.jobs = jobs;
    this.maxRequestBytes = maxRequestBytes;
    this.defaultVisibility = defaultVisibility;
    this.maxWait = maxWait;
    this.draining = draining;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/v1/queues/{queue}/leases", this::lease);
  }

  private void lease(Context ctx) {
    String queue = ApiSupport.queue(ctx);
    ObjectNode body = Json.object(Bodies.readJson(ctx, maxRequestBytes));
    Fields f =
        new Fields(body, Set.of("workerId", "max", "visibilityTimeoutSeconds", "waitSeconds"));
    String workerId = f.requiredString("workerId", 128, null, null);
    Integer max = f.optionalInt("max", 1, 100);
    Integer vt = f.optionalInt("visibilityTimeoutSeconds", 1, 43_200);
    Integer wait = f.optionalInt("waitSeconds", 0, (int) maxWait.toSeconds());
    f.check();
    Duration visibility = vt == null ? defaultVisibility : Duration.ofSeconds(vt);
    long deadline = System.nanoTime() + Duration.ofSeconds(wait == null ? 0 : wait).toNanos();
    List<LeasedJob> leased;
    while (true) {
      if (draining.getAsBoolean()) {
        throw Problems.unavailable(
                "shutting-down", "the server is shutting down; lease from another instance", 1)
            .toException();
      }
      long left = deadline - System.nanoTime();
      Duration slice =
          left <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(left, SLICE.toNanos()));
      leased =
          store.call(
              () ->
                  jobs.lease(
                      queue, new LeaseRequest(workerId, max == null ? 1 : max, visibility, slice)));
      if (!leased.isEmpty() || System.nanoTime() >= deadline) {
        break;
      }
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode arr = out.putArray("jobs");
    leased.forEach(j -> arr.add(JobJson.leased(j)));
    ctx.json(out);
  }
}
