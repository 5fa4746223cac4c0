package dev.keel.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.jobs.AttemptError;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobState;
import dev.keel.jobs.LeasedJob;
import dev.keel.jobs.QueueOverview;
import dev.keel.jobs.QueueStats;
import dev.keel.jobs.RateLimit;
import dev.keel.server.internal.http.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The API's JSON shapes of jobs, leases and queues (built from keel-jobs' public records). */
final class JobJson {

  private JobJson() {}

  static String state(JobState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** A job with its attempts' errors (stacks included). */
  static ObjectNode job(Job j) {
    ObjectNode o = summary(j);
    o.set("payload", parse(j.payloadJson()));
    if (j.resultJson() != null) {
      o.set("result", parse(j.resultJson()));
    }
    ArrayNode errors = o.putArray("errors");
    for (AttemptError e : j.errors()) {
      ObjectNode eo = errors.addObject();
      eo.put("attempt", e.attempt());
      eo.put("type", e.type());
      eo.put("message", e.message());
      put(eo, "stack", e.stack());
      put(eo, "workerId", e.workerId());
      put(eo, "startedAt", e.startedAt());
      put(eo, "failedAt", e.failedAt());
    }
    return o;
  }

  /** A DLQ list entry: the job without payload and stacks, plus its last error. */
  static ObjectNode dlqEntry(Job j) {
    ObjectNode o = summary(j);
    if (!j.errors().isEmpty()) {
      AttemptError last = j.errors().getLast();
      o.put("errorType", last.type());
      o.put("errorMessage", last.message());
    }
    return o;
  }

  private static ObjectNode summary(Job j) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", j.id());
    o.put("queue", j.queue());
    o.put("type", j.type());
    o.put("state", state(j.state()));
    o.put("priority", j.priority());
    o.put("attempt", j.attempt());
    o.put("maxAttempts", j.maxAttempts());
    put(o, "ownerId", j.ownerId());
    put(o, "key", j.idempotencyKey());
    put(o, "runAt", j.runAt());
    put(o, "enqueuedAt", j.enqueuedAt());
    put(o, "attemptedAt", j.attemptedAt());
    put(o, "finishedAt", j.finishedAt());
    put(o, "workerId", j.workerId());
    put(o, "leaseExpiresAt", j.leaseExpiresAt());
    return o;
  }

  /** A leased job as a remote worker sees it. */
  static ObjectNode leased(LeasedJob j) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", j.id());
    o.put("queue", j.queue());
    o.put("type", j.type());
    o.set("payload", parse(j.payloadJson()));
    o.put("attempt", j.attempt());
    o.put("maxAttempts", j.maxAttempts());
    put(o, "ownerId", j.ownerId());
    put(o, "idempotencyKey", j.idempotencyKey());
    o.put("leaseToken", j.leaseToken());
    put(o, "leaseDeadline", j.leaseExpiresAt());
    put(o, "enqueuedAt", j.enqueuedAt());
    return o;
  }

  /** One queue's row of {@code GET /v1/queues}. */
  static ObjectNode queue(QueueOverview q, long dlqAlertThreshold) {
    QueueStats s = q.stats();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", q.config().name());
    o.put("tier", tier(q.config().name()));
    ObjectNode counts = o.putObject("counts");
    for (JobState st : JobState.values()) {
      counts.put(state(st), s.counts().getOrDefault(st, 0L));
    }
    o.put("dlqDepth", s.dlqDepth());
    o.put("dlqAlertThreshold", dlqAlertThreshold);
    o.put("dlqAlert", s.dlqDepth() >= dlqAlertThreshold);
    if (s.oldestAvailableAge() == null) {
      o.putNull("oldestAvailableAgeSeconds");
    } else {
      o.put("oldestAvailableAgeSeconds", s.oldestAvailableAge().toMillis() / 1000.0);
    }
    ObjectNode lat = o.putObject("startLatency");
    Duration target = q.config().startLatencyTarget();
    if (target == null) {
      lat.putNull("targetSeconds");
    } else {
      lat.put("targetSeconds", target.toMillis() / 1000.0);
    }
    QueueStats.LatencyPercentiles p = s.startLatency();
    lat.put("samples", p == null ? 0 : p.samples());
    millis(lat, "p50Ms", p == null ? null : p.p50());
    millis(lat, "p95Ms", p == null ? null : p.p95());
    millis(lat, "p99Ms", p == null ? null : p.p99());
    millis(lat, "maxMs", p == null ? null : p.max());
    ObjectNode limits = o.putObject("limits");
    limits.put("concurrency", q.config().concurrency());
    limits.put("visibilityTimeoutSeconds", q.config().visibilityTimeout().toSeconds());
    rate(limits, "enqueue", q.config().enqueueLimit());
    rate(limits, "start", q.config().startLimit());
    return o;
  }

  private static void rate(ObjectNode o, String field, RateLimit r) {
    if (r == null) {
      o.putNull(field);
    } else {
      o.putObject(field).put("perSecond", r.perSecond()).put("burst", r.capacity());
    }
  }

  private static String tier(String name) {
    return switch (name) {
      case "high_priority", "default", "batch" -> name;
      default -> "custom";
    };
  }

  private static void millis(ObjectNode o, String field, Duration d) {
    if (d == null) {
      o.putNull(field);
    } else {
      o.put(field, d.toNanos() / 1_000_000.0);
    }
  }

  static void put(ObjectNode o, String field, String v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  static void put(ObjectNode o, String field, Instant v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v.toString());
    }
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return Json.MAPPER.nullNode();
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      return Json.MAPPER.getNodeFactory().textNode(json);
    }
  }
}
