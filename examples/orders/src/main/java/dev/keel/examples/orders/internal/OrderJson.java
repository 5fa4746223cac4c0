package dev.keel.examples.orders.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.examples.orders.Order;
import dev.keel.examples.orders.OrderItem;
import dev.keel.examples.orders.Recommendations;
import dev.keel.jobs.Job;
import java.util.Optional;

/** The JSON shape of orders in answers. */
public final class OrderJson {

  private OrderJson() {}

  /** {@code order} as JSON. */
  public static ObjectNode of(Order order) {
    ObjectNode o = Json.object();
    o.put("id", order.id());
    o.put("customerId", order.customerId());
    o.put("state", order.state().label());
    o.put("email", order.email());
    o.put("currency", order.currency());
    o.put("totalCents", order.totalCents());
    ArrayNode items = o.putArray("items");
    for (OrderItem item : order.items()) {
      items
          .addObject()
          .put("sku", item.sku())
          .put("quantity", item.quantity())
          .put("priceCents", item.priceCents());
    }
    order.chargeId().ifPresent(c -> o.put("chargeId", c));
    order.declineCode().ifPresent(c -> o.put("declineCode", c));
    order.failure().ifPresent(f -> o.put("paymentFailure", f));
    order.confirmationJobId().ifPresent(id -> o.putObject("confirmationEmail").put("jobId", id));
    o.put("createdAt", order.createdAt().toString());
    o.put("updatedAt", order.updatedAt().toString());
    return o;
  }

  /** Adds {@code "recommendations": [...]} and {@code "degraded": true|false}. */
  public static ObjectNode withRecommendations(ObjectNode order, Recommendations r) {
    ArrayNode items = order.putArray("recommendations");
    for (Recommendations.Item item : r.items()) {
      items.addObject().put("sku", item.sku()).put("title", item.title());
    }
    order.put("degraded", r.degraded());
    return order;
  }

  /** Fills {@code confirmationEmail} with the job's state, attempts and last error. */
  public static ObjectNode withJob(ObjectNode order, Optional<Job> job) {
    job.ifPresent(
        j -> {
          ObjectNode e = order.withObjectProperty("confirmationEmail");
          e.put("jobId", j.id());
          e.put("state", j.state().dbName());
          e.put("attempts", j.attempt());
          if (!j.errors().isEmpty() && j.state() != dev.keel.jobs.JobState.COMPLETED) {
            var last = j.errors().get(j.errors().size() - 1);
            e.put("lastError", last.type() + ": " + last.message());
          }
        });
    return order;
  }
}
