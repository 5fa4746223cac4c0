package dev.keel.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.idempotency.JavalinIdempotency;
import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.Jobs;
import dev.keel.server.internal.http.Bodies;
import dev.keel.server.internal.http.Fields;
import dev.keel.server.internal.http.Json;
import dev.keel.server.internal.http.Problems;
import dev.keel.server.internal.http.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/queues/{queue}/jobs} and {@code .../jobs:batch}: confirmed enqueue, deduplicated
 * by keel-jobs on (ownerId, operation hash), with the {@code Idempotency-Key} header handled by
 * keel-idempotency around the whole request.
 *
 * <p>When the keys live in the jobs' own database ({@code inTransaction}), a keyed request claims
 * the key, enqueues, reads the job back and stores the answer in one transaction: one commit
 * instead of three, and a failure anywhere leaves neither the job nor the key. With Redis the key
 * is claimed and completed around an ordinary enqueue.
 */
public final class EnqueueRoutes implements RouteModule {

  private final StoreCalls store;

  static final Set<String> JOB_FIELDS =
      Set.of("type", "payload", "ownerId", "runAt", "maxAttempts", "key", "priority");
  static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
  static final int MAX_BATCH = 1000;

  private final Jobs jobs;
  private final JavalinIdempotency idempotency;
  private final long maxRequestBytes;

  private final boolean inTransaction;

  /**
   * Enqueues into {@code jobs}; {@code idempotency} wraps both routes, inside the enqueue's
   * transaction when {@code inTransaction} (its store must be a SQL store on the jobs' database).
   */
  public EnqueueRoutes(
      StoreCalls store,
      Jobs jobs,
      JavalinIdempotency idempotency,
      boolean inTransaction,
      long maxRequestBytes) {
    this.store = store;
    this.jobs = jobs;
    this.idempotency = idempotency;
    this.inTransaction = inTransaction;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/v1/queues/{queue}/jobs", wrap(this::enqueue));
    routes.post("/v1/queues/{queue}/jobs:batch", wrap(this::enqueueBatch));
  }

  private Handler wrap(JavalinIdempotency.TransactionalHandler handler) {
    return inTransaction
        ? idempotency.wrapInTransaction(handler)
        : idempotency.wrap(ctx -> handler.handle(ctx, null));
  }

  /** Enqueues on {@code tx} (the idempotency transaction) or, when null, in its own. */
  private void enqueue(Context ctx, Connection tx) {
    String queue = ApiSupport.queue(ctx);
    ObjectNode body = Json.object(Bodies.readJson(ctx, maxRequestBytes));
    Fields f = new Fields(body, JOB_FIELDS);
    JobRequest req = parse(f, queue);
    f.check();
    EnqueueResult r = store.call(() -> tx == null ? jobs.enqueue(req) : jobs.enqueue(tx, req));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("duplicate", r.duplicate());
    out.set(
        "job",
        (tx == null ? jobs.job(r.jobId()) : jobs.job(tx, r.jobId()))
            .map(JobJson::job)
            .orElseGet(() -> Json.MAPPER.createObjectNode().put("id", r.jobId())));
    ctx.header("Location", "/v1/jobs/" + r.jobId());
    ctx.status(r.duplicate() ? 200 : 201).json(out);
  }

  private void enqueueBatch(Context ctx, Connection tx) {
    String queue = ApiSupport.queue(ctx);
    ObjectNode body = Json.object(Bodies.readJson(ctx, maxRequestBytes));
    Fields top = new Fields(body, Set.of("jobs"));
    JsonNode list = body.get("jobs");
    if (list == null || !list.isArray()) {
      top.error("jobs", "must be an array of jobs, got " + Json.kind(list));
      top.check();
    }
    if (list.isEmpty() || list.size() > MAX_BATCH) {
      top.error("jobs", "must hold 1.." + MAX_BATCH + " jobs, got " + list.size());
      top.check();
    }
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (!(item instanceof ObjectNode o)) {
        top.error("jobs[" + i + "]", "must be an object, got " + Json.kind(item));
        continue;
      }
      requests.add(parse(top.nested(o, "jobs[" + i + "]", JOB_FIELDS), queue));
    }
    top.check();
    List<EnqueueResult> results =
        store.call(() -> tx == null ? jobs.enqueueMany(requests) : jobs.enqueueMany(tx, requests));
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode arr = out.putArray("results");
    for (int i = 0; i < results.size(); i++) {
      arr.addObject()
          .put("index", i)
          .put("id", results.get(i).jobId())
          .put("duplicate", results.get(i).duplicate());
    }
    ctx.status(201).json(out);
  }

  /** Reads one job; errors are recorded in {@code f} (the caller checks). */
  static JobRequest parse(Fields f, String queue) {
    String type =
        f.requiredString("type", 128, TYPE, "1-128 characters of letters, digits, . _ : / -");
    JsonNode payload = f.optionalAny("payload");
    String ownerId = f.requiredString("ownerId", 256, null, null);
    Instant runAt = f.optionalInstant("runAt");
    Integer maxAttempts = f.optionalInt("maxAttempts", 1, 100);
    String key = f.optionalString("key", 256, null, null);
    Integer priority = f.optionalInt("priority", -1000, 1000);
    if (f.hasErrors()) {
      return null;
    }
    JobRequest.Builder b =
        JobRequest.builder(type)
            .queue(queue)
            .payloadJson(payload == null ? "null" : payload.toString())
            .ownerId(ownerId);
    if (key != null) b.key(key);
    if (runAt != null) b.runAt(runAt);
    if (maxAttempts != null) b.maxAttempts(maxAttempts);
    if (priority != null) b.priority(priority);
    try {
      return b.build();
    } catch (dev.keel.jobs.InvalidJobException e) {
      f.error(e.field(), e.getMessage());
      return null;
    } catch (IllegalArgumentException e) {
      throw Problems.validation("body", e.getMessage()).toException();
    }
  }
}
