package dev.keel.server.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.jobs.DlqFilter;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobState;
import dev.keel.jobs.Jobs;
import dev.keel.server.internal.http.Bodies;
import dev.keel.server.internal.http.Fields;
import dev.keel.server.internal.http.Json;
import dev.keel.server.internal.http.Problem.FieldError;
import dev.keel.server.internal.http.Problems;
import dev.keel.server.internal.http.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The dead-letter queue: list with filters and keyset paging, and replay or discard of one entry (a
 * dead job is its own entry) or of every entry matching a filter.
 */
public final class DlqRoutes implements RouteModule {

  private final StoreCalls store;

  static final Set<String> FILTER_FIELDS = Set.of("queue", "type", "errorType", "since", "until");

  private final Jobs jobs;
  private final long maxRequestBytes;

  /** Serves {@code jobs}' DLQ. */
  public DlqRoutes(StoreCalls store, Jobs jobs, long maxRequestBytes) {
    this.store = store;
    this.jobs = jobs;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/dlq", this::list);
    routes.post("/v1/dlq/{id}/replay", ctx -> one(ctx, "replay", jobs::dlqReplay));
    routes.post("/v1/dlq/{id}/discard", ctx -> one(ctx, "discard", jobs::dlqDiscard));
    routes.post("/v1/dlq:replay", ctx -> bulk(ctx, true));
    routes.post("/v1/dlq:discard", ctx -> bulk(ctx, false));
  }

  private void list(Context ctx) {
    List<FieldError> errors = new ArrayList<>();
    for (String p : ctx.queryParamMap().keySet()) {
      if (!FILTER_FIELDS.contains(p) && !p.equals("limit") && !p.equals("cursor")) {
        errors.add(
            new FieldError(
                p,
                "is not a known parameter (known: queue, type, errorType,"
                    + " since, until, limit, cursor)"));
      }
    }
    String queue = text(ctx, "queue", errors);
    String type = text(ctx, "type", errors);
    String errorType = text(ctx, "errorType", errors);
    Instant since = instant(ctx, "since", errors);
    Instant until = instant(ctx, "until", errors);
    long limit = number(ctx, "limit", 1, 1000, 100, errors);
    long cursor = number(ctx, "cursor", 1, Long.MAX_VALUE, 0, errors);
    if (!errors.isEmpty()) {
      throw Problems.validation(errors).toException();
    }
    DlqFilter filter = new DlqFilter(queue, type, errorType, since, until);
    List<Job> page =
        store.call(() -> jobs.dlqList(filter, cursor == 0 ? null : cursor, (int) limit));
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode arr = out.putArray("entries");
    page.forEach(j -> arr.add(JobJson.dlqEntry(j)));
    if (page.size() == limit) {
      out.put("nextCursor", String.valueOf(page.getLast().id()));
    } else {
      out.putNull("nextCursor");
    }
    if (type == null && errorType == null && since == null && until == null) {
      long total =
          store.call(jobs::queues).stream()
              .filter(q -> queue == null || q.config().name().equals(queue))
              .mapToLong(q -> q.stats().dlqDepth())
              .sum();
      out.put("total", total);
    } else {
      out.putNull("total");
    }
    ctx.json(out);
  }

  private void one(Context ctx, String verb, LongPredicate action) {
    long id = ApiSupport.jobId(ctx);
    boolean done = store.call(() -> action.test(id));
    Optional<Job> job = store.call(() -> jobs.job(id));
    if (!done) {
      if (job.isEmpty()) {
        throw Problems.notFound("no job with id " + id).toException();
      }
      if (job.get().state() != JobState.DEAD) {
        throw Problems.conflict(
                "not-dead",
                "Job is not in the DLQ",
                "job "
                    + id
                    + " is "
                    + JobJson.state(job.get().state())
                    + ", only dead jobs can be "
                    + verb
                    + "ed")
            .toException();
      }
      throw Problems.conflict(
              "dlq-conflict", "DLQ entry changed", "job " + id + " changed concurrently; retry")
          .toException();
    }
    ObjectNode out = Json.MAPPER.createObjectNode().put("id", id);
    job.ifPresent(j -> out.put("state", JobJson.state(j.state())));
    ctx.json(out);
  }

  private void bulk(Context ctx, boolean replay) {
    ObjectNode body = Json.object(Bodies.readJson(ctx, maxRequestBytes));
    Fields f = new Fields(body, FILTER_FIELDS);
    String queue = f.optionalString("queue", 64, null, null);
    String type = f.optionalString("type", 128, null, null);
    String errorType = f.optionalString("errorType", 256, null, null);
    Instant since = f.optionalInstant("since");
    Instant until = f.optionalInstant("until");
    f.check();
    DlqFilter filter = new DlqFilter(queue, type, errorType, since, until);
    int n = store.call(() -> replay ? jobs.dlqReplay(filter) : jobs.dlqDiscard(filter));
    ctx.json(Json.MAPPER.createObjectNode().put("count", n));
  }

  private static String text(Context ctx, String name, List<FieldError> errors) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (v.length() > 256) {
      errors.add(new FieldError(name, "must be at most 256 characters"));
      return null;
    }
    return v;
  }

  private static Instant instant(Context ctx, String name, List<FieldError> errors) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-01-02T03:04:05Z"));
      return null;
    }
  }

  private static long number(
      Context ctx, String name, long min, long max, long dflt, List<FieldError> errors) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    errors.add(new FieldError(name, "must be a whole number " + min + ".." + max));
    return dflt;
  }
}
