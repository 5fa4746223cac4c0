package dev.keel.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.jobs.FailOutcome;
import dev.keel.jobs.JobError;
import dev.keel.jobs.JobState;
import dev.keel.jobs.Jobs;
import dev.keel.server.internal.http.Bodies;
import dev.keel.server.internal.http.Fields;
import dev.keel.server.internal.http.Json;
import dev.keel.server.internal.http.Problems;
import dev.keel.server.internal.http.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One job: {@code GET} (status, attempts, errors), {@code DELETE} (cancel), and the lease-fenced
 * worker calls {@code heartbeat}, {@code complete} and {@code fail}.
 */
public final class JobRoutes implements RouteModule {

  private final StoreCalls store;

  private static final int MAX_TOKEN = 256;

  private final Jobs jobs;
  private final long maxRequestBytes;
  private final Duration defaultExtend;

  /** Serves {@code jobs}; heartbeats extend by {@code defaultExtend} unless told otherwise. */
  public JobRoutes(StoreCalls store, Jobs jobs, long maxRequestBytes, Duration defaultExtend) {
    this.store = store;
    this.jobs = jobs;
    this.maxRequestBytes = maxRequestBytes;
    this.defaultExtend = defaultExtend;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/jobs/{id}", this::get);
    routes.delete("/v1/jobs/{id}", this::cancel);
    routes.post("/v1/jobs/{id}/heartbeat", this::heartbeat);
    routes.post("/v1/jobs/{id}/complete", this::complete);
    routes.post("/v1/jobs/{id}/fail", this::fail);
  }

  private void get(Context ctx) {
    long id = ApiSupport.jobId(ctx);
    ctx.json(
        store
            .call(() -> jobs.job(id))
            .map(JobJson::job)
            .orElseThrow(() -> Problems.notFound("no job with id " + id).toException()));
  }

  private void cancel(Context ctx) {
    long id = ApiSupport.jobId(ctx);
    JobState after =
        store
            .call(() -> jobs.cancel(id))
            .orElseThrow(() -> Problems.notFound("no job with id " + id).toException());
    switch (after) {
      case CANCELLED -> ctx.json(store.call(() -> jobs.job(id)).map(JobJson::job).orElseThrow());
      case RUNNING ->
          throw Problems.conflict(
                  "job-running",
                  "Job is running",
                  "job "
                      + id
                      + " is running and cannot be cancelled; wait for it to finish or fail")
              .toException();
      default ->
          throw Problems.conflict(
                  "job-finished",
                  "Job already finished",
                  "job " + id + " is " + JobJson.state(after) + " and can no longer be cancelled")
              .toException();
    }
  }

  private void heartbeat(Context ctx) {
    long id = ApiSupport.jobId(ctx);
    Fields f = new Fields(body(ctx), Set.of("leaseToken", "extendSeconds"));
    String token = f.requiredString("leaseToken", MAX_TOKEN, null, null);
    Integer extend = f.optionalInt("extendSeconds", 1, 43_200);
    f.check();
    Duration by = extend == null ? defaultExtend : Duration.ofSeconds(extend);
    Instant deadline = store.call(() -> jobs.heartbeat(id, token, by));
    ctx.json(
        Json.MAPPER.createObjectNode().put("id", id).put("leaseDeadline", deadline.toString()));
  }

  private void complete(Context ctx) {
    long id = ApiSupport.jobId(ctx);
    Fields f = new Fields(body(ctx), Set.of("leaseToken", "result"));
    String token = f.requiredString("leaseToken", MAX_TOKEN, null, null);
    JsonNode result = f.optionalAny("result");
    f.check();
    store.call(
        () -> {
          jobs.complete(id, token, result == null ? null : result.toString());
          return null;
        });
    ctx.json(Json.MAPPER.createObjectNode().put("id", id).put("state", "completed"));
  }

  private void fail(Context ctx) {
    long id = ApiSupport.jobId(ctx);
    Fields f = new Fields(body(ctx), Set.of("leaseToken", "error", "retryable"));
    String token = f.requiredString("leaseToken", MAX_TOKEN, null, null);
    ObjectNode error = f.requiredObject("error");
    Boolean retryable = f.optionalBoolean("retryable");
    JobError jobError = null;
    if (error != null) {
      Fields e = f.nested(error, "error", Set.of("type", "message", "stack"));
      String type = e.requiredString("type", 256, null, null);
      String message = e.optionalString("message", 8192, null, null);
      String stack = e.optionalString("stack", JobError.MAX_STACK_CHARS, null, null);
      if (!f.hasErrors()) {
        try {
          jobError = new JobError(type, message == null ? "" : message, stack);
        } catch (IllegalArgumentException ex) {
          e.error("type", ex.getMessage());
        }
      }
    }
    f.check();
    JobError err = jobError;
    FailOutcome out = store.call(() -> jobs.fail(id, token, err, retryable == null || retryable));
    ObjectNode o =
        Json.MAPPER.createObjectNode().put("id", id).put("state", JobJson.state(out.state()));
    JobJson.put(o, "nextRunAt", out.nextRunAt());
    ctx.json(o);
  }

  private ObjectNode body(Context ctx) {
    return Json.object(Bodies.readJson(ctx, maxRequestBytes));
  }
}
