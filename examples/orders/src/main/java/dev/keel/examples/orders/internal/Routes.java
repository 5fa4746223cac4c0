package dev.keel.examples.orders.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.core.DependencyHealth;
import dev.keel.core.HealthReport;
import dev.keel.examples.orders.NewOrder;
import dev.keel.examples.orders.Order;
import dev.keel.idempotency.JavalinIdempotency;
import dev.keel.jobs.AttemptError;
import dev.keel.jobs.DlqFilter;
import dev.keel.jobs.Job;
import dev.keel.jobs.Jobs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP routes:
 *
 * <ul>
 *   <li>{@code POST /orders} — idempotent ({@code Idempotency-Key} required, scoped by {@code
 *       X-Customer-Id}); 201 paid, 402 declined, 503 + Retry-After when the payment service is
 *       unavailable (repeat with the same key), 502 when it refused the request, 400 invalid.
 *   <li>{@code GET /orders/{id}} — the order with its confirmation job's state; 404 for another
 *       customer's.
 *   <li>{@code GET /health/live}, {@code GET /health/ready} — 503 when a critical dependency is
 *       down.
 *   <li>{@code GET /metrics} — Prometheus text.
 *   <li>{@code GET /admin/dlq}, {@code POST /admin/dlq/{jobId}/replay} — the dead confirmation jobs
 *       with their envelopes, and their replay; for the embedded store, which {@code keel server}
 *       cannot share. Unauthenticated, like the rest of this example: keep it on localhost or
 *       behind a gateway.
 * </ul>
 */
public final class Routes {

  /** The header naming the customer: the tenant of the idempotency keys. */
  public static final String CUSTOMER_HEADER = "X-Customer-Id";

  private static final Pattern CUSTOMER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final OrderService service;
  private final Jobs jobs;
  private final ServiceHealth health;
  private final PrometheusMeterRegistry registry;
  private final JavalinIdempotency idempotency;

  /** Routes over the service's parts. */
  public Routes(
      OrderService service,
      Jobs jobs,
      ServiceHealth health,
      PrometheusMeterRegistry registry,
      JavalinIdempotency idempotency) {
    this.service = Objects.requireNonNull(service, "service");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.health = Objects.requireNonNull(health, "health");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
  }

  /** The tenant of a request, for the idempotency guard: the customer header, or null (401). */
  public static String customerOf(Context ctx) {
    String customer = ctx.header(CUSTOMER_HEADER);
    return customer == null || customer.isBlank() ? null : customer.trim();
  }

  /** Adds the routes to {@code routes}. */
  public void register(RoutesConfig routes) {
    routes.post("/orders", idempotency.wrap(this::placeOrder));
    routes.get("/orders/{id}", this::getOrder);
    // the DLQ of this service's own job store, for setups without keel server (SQLite)
    routes.get("/admin/dlq", this::deadLetters);
    routes.post("/admin/dlq/{id}/replay", this::replay);
    routes.get("/health/live", ctx -> json(ctx, 200, Json.object().put("status", "up")));
    routes.get("/health/ready", this::ready);
    routes.get(
        "/metrics",
        ctx -> {
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
          ctx.result(registry.scrape());
        });
  }

  private void placeOrder(Context ctx) throws InterruptedException {
    String customer = customerOf(ctx); // never null here: the guard answered 401 already
    if (!CUSTOMER.matcher(customer).matches()) {
      Problems.write(
          ctx,
          400,
          "invalid-customer",
          "Invalid customer",
          CUSTOMER_HEADER + " must be 1-64 letters, digits, '.', '_' or '-'");
      return;
    }
    NewOrder request;
    try {
      request = Json.MAPPER.readValue(ctx.body(), NewOrder.class);
    } catch (JacksonException e) {
      Problems.write(
          ctx,
          400,
          "invalid-order",
          "The order is invalid",
          "body must be JSON like {\"email\":\"ada@example.com\",\"currency\":\"EUR\",\"items\":"
              + "[{\"sku\":\"BOOK-1\",\"quantity\":1,\"priceCents\":1250}]}: "
              + e.getOriginalMessage());
      return;
    }
    if (request == null) {
      Problems.invalid(ctx, java.util.List.of("body must be a JSON object"));
      return;
    }
    String key = ctx.header("Idempotency-Key"); // validated by the guard
    switch (service.place(customer, key, request)) {
      case OrderService.Result.Created c -> {
        ctx.header("Location", "/orders/" + c.order().id());
        json(ctx, 201, OrderJson.withRecommendations(OrderJson.of(c.order()), c.recommendations()));
      }
      case OrderService.Result.Declined d -> json(ctx, 402, OrderJson.of(d.order()));
      case OrderService.Result.Unavailable u ->
          Problems.unavailable(
              ctx,
              u.problem(),
              "Payment unavailable, order " + u.order().id(),
              u.detail(),
              u.retryAfter());
      case OrderService.Result.Rejected r ->
          Problems.write(
              ctx, 502, "payment-rejected", "Payment service refused the charge", r.detail());
      case OrderService.Result.Invalid i -> Problems.invalid(ctx, i.errors());
    }
  }

  private void getOrder(Context ctx) {
    String customer = customerOf(ctx);
    if (customer == null) {
      Problems.write(
          ctx,
          401,
          "customer-unknown",
          "Customer unknown",
          "send the " + CUSTOMER_HEADER + " header");
      return;
    }
    Optional<Order> order = service.find(customer, ctx.pathParam("id"));
    if (order.isEmpty()) {
      Problems.write(
          ctx, 404, "order-not-found", "No such order", "no order " + ctx.pathParam("id"));
      return;
    }
    ObjectNode body = OrderJson.of(order.get());
    OrderJson.withJob(body, order.get().confirmationJobId().flatMap(jobs::job));
    json(ctx, 200, body);
  }

  private void deadLetters(Context ctx) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (Job job : jobs.dlqList(DlqFilter.ALL, null, 100)) {
      ObjectNode n = list.addObject();
      n.put("jobId", job.id());
      n.put("type", job.type());
      n.put("ownerId", job.ownerId());
      n.put("attempts", job.attempt());
      n.set("payload", Json.read(job.payloadJson()));
      n.put("enqueuedAt", String.valueOf(job.enqueuedAt()));
      n.put("deadLetteredAt", String.valueOf(job.finishedAt()));
      ArrayNode errors = n.putArray("errors");
      for (AttemptError e : job.errors()) {
        errors
            .addObject()
            .put("attempt", e.attempt())
            .put("type", e.type())
            .put("message", e.message())
            .put("workerId", e.workerId())
            .put("failedAt", String.valueOf(e.failedAt()));
      }
    }
    ctx.contentType("application/json");
    ctx.result(Json.write(list));
  }

  private void replay(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      Problems.write(ctx, 400, "invalid-job-id", "Invalid job id", "a job id is a number");
      return;
    }
    Optional<Job> job = jobs.job(id);
    if (job.isEmpty()) {
      Problems.write(ctx, 404, "job-not-found", "No such job", "no job " + id);
    } else if (!jobs.dlqReplay(id)) {
      Problems.write(
          ctx,
          409,
          "job-not-dead",
          "Job is not in the DLQ",
          "job " + id + " is " + job.get().state().dbName());
    } else {
      json(ctx, 200, Json.object().put("jobId", id).put("state", "available"));
    }
  }

  private void ready(Context ctx) {
    HealthReport report = health.report();
    ObjectNode body = Json.object();
    body.put("status", report.status().label());
    ArrayNode deps = body.putArray("dependencies");
    for (DependencyHealth d : report.dependencies()) {
      ObjectNode n = deps.addObject();
      n.put("name", d.name());
      n.put("criticality", d.criticality().name().toLowerCase(Locale.ROOT));
      n.put("status", d.status().label());
      d.breakerState().ifPresent(s -> n.put("breakerState", s.name().toLowerCase(Locale.ROOT)));
      n.put("reason", d.reason());
    }
    json(ctx, report.isReady() ? 200 : 503, body);
  }

  private static void json(Context ctx, int status, ObjectNode body) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Json.write(body));
  }
}
