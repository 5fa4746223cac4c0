package dev.keel.examples.orders.internal;

import dev.keel.examples.orders.Order;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Orders by id, in memory. The example keeps orders in the process to stay small: the durable parts
 * it shows are the job queue and the idempotency store. Thread-safe.
 */
public final class OrderRepository {

  private final ConcurrentMap<String, Order> byId = new ConcurrentHashMap<>();

  /** The order {@code id}, if known. */
  public Optional<Order> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Stores {@code order} (replacing the previous version) and returns it. */
  public Order save(Order order) {
    byId.put(order.id(), order);
    return order;
  }
}
