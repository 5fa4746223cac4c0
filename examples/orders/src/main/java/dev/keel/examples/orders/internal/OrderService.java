package dev.keel.examples.orders.internal;

import dev.keel.core.KeelClock;
import dev.keel.examples.orders.ChargeRequest;
import dev.keel.examples.orders.ConfirmationEmail;
import dev.keel.examples.orders.NewOrder;
import dev.keel.examples.orders.Order;
import dev.keel.examples.orders.OrderState;
import dev.keel.examples.orders.PaymentClient;
import dev.keel.examples.orders.PaymentOutcome;
import dev.keel.examples.orders.PaymentRejectedException;
import dev.keel.examples.orders.PaymentUnavailableException;
import dev.keel.examples.orders.Recommendations;
import dev.keel.examples.orders.RecommendationsClient;
import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.QueueConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places orders: charge (critical), queue the confirmation (durable, deduplicated), recommend
 * (optional). Runs under the idempotency guard of {@code POST /orders}, so a request runs once per
 * key while its record lives; the order id is derived from the key as well, so a run that failed (a
 * 5xx is never stored) and is repeated reaches the same order, the same charge and the same job.
 * Thread-safe.
 */
public final class OrderService {

  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  private final OrderRepository orders;
  private final PaymentClient payments;
  private final RecommendationsClient recommendations;
  private final Jobs jobs;
  private final KeelClock clock;

  /** The service over its parts. */
  public OrderService(
      OrderRepository orders,
      PaymentClient payments,
      RecommendationsClient recommendations,
      Jobs jobs,
      KeelClock clock) {
    this.orders = Objects.requireNonNull(orders, "orders");
    this.payments = Objects.requireNonNull(payments, "payments");
    this.recommendations = Objects.requireNonNull(recommendations, "recommendations");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What placing an order came to; each maps to one HTTP answer. */
  public sealed interface Result {

    /** 201: paid, confirmation queued. */
    record Created(Order order, Recommendations recommendations) implements Result {}

    /** 402: the payment service declined. */
    record Declined(Order order) implements Result {}

    /** 503 with Retry-After: try again with the same key. */
    record Unavailable(Order order, String problem, String detail, Duration retryAfter)
        implements Result {}

    /** 502: the payment service refused the request (a contract mismatch). */
    record Rejected(Order order, String detail) implements Result {}

    /** 400: the request is invalid; nothing was written. */
    record Invalid(List<String> errors) implements Result {}
  }

  /** The order {@code id}, if it belongs to {@code customerId}. */
  public Optional<Order> find(String customerId, String id) {
    return orders.find(id).filter(o -> o.customerId().equals(customerId));
  }

  /**
   * Places the order {@code customerId} sent under {@code idempotencyKey}.
   *
   * @throws InterruptedException when the request thread is interrupted
   */
  public Result place(String customerId, String idempotencyKey, NewOrder request)
      throws InterruptedException {
    List<String> errors = request.validate();
    if (!errors.isEmpty()) {
      return new Result.Invalid(errors);
    }
    String id = OrderIds.of(customerId, idempotencyKey);
    Optional<Order> known = orders.find(id);
    if (known.isPresent() && known.get().state() == OrderState.DECLINED) {
      return new Result.Declined(known.get()); // final: never charge again
    }
    Order order =
        known.isPresent() && known.get().state() == OrderState.PAID
            ? known.get()
            : orders.save(
                known
                    .map(o -> o.withState(OrderState.PENDING_PAYMENT, clock.now()))
                    .orElseGet(() -> Order.pending(id, customerId, request, clock.now())));
    if (order.state() != OrderState.PAID) {
      PaymentOutcome outcome;
      try {
        // the order id is the payment's Idempotency-Key: every attempt and every repeat sends it
        outcome =
            payments.charge(
                new ChargeRequest(id, customerId, order.totalCents(), order.currency()), id);
      } catch (PaymentUnavailableException e) {
        order = orders.save(order.failed(e.failure().getClass().getSimpleName(), clock.now()));
        return new Result.Unavailable(
            order,
            "payment-unavailable",
            "The payment service is unavailable ("
                + e.failure().getMessage()
                + "). Repeat the request with the same Idempotency-Key: it cannot charge twice.",
            e.retryAfter().orElse(DEFAULT_RETRY_AFTER));
      } catch (PaymentRejectedException e) {
        order = orders.save(order.failed("rejected " + e.status(), clock.now()));
        return new Result.Rejected(order, e.getMessage());
      }
      switch (outcome) {
        case PaymentOutcome.Declined d -> {
          return new Result.Declined(orders.save(order.declined(d.declineCode(), clock.now())));
        }
        case PaymentOutcome.InProgress p -> {
          return new Result.Unavailable(
              order,
              "payment-in-progress",
              "The payment service is still processing this charge. Repeat the request with the"
                  + " same Idempotency-Key.",
              p.retryAfter());
        }
        case PaymentOutcome.Charged c -> order = orders.save(order.paid(c.chargeId(), clock.now()));
      }
    }
    if (order.confirmationJobId().isEmpty()) {
      try {
        order = orders.save(order.withConfirmationJob(queueConfirmation(order), clock.now()));
      } catch (RuntimeException e) {
        LOG.warn("order {} is paid but its confirmation could not be queued", id, e);
        return new Result.Unavailable(
            order,
            "confirmation-not-queued",
            "The order is paid but its confirmation could not be queued ("
                + e.getMessage()
                + "). Repeat the request with the same Idempotency-Key.",
            DEFAULT_RETRY_AFTER);
      }
    }
    return new Result.Created(order, recommendations.forCustomer(customerId));
  }

  /** Enqueues the confirmation, deduplicated on (customer, order): one email per order, ever. */
  private long queueConfirmation(Order order) {
    EnqueueResult r =
        jobs.enqueue(
            JobRequest.builder(ConfirmationEmail.JOB_TYPE)
                .queue(QueueConfig.DEFAULT)
                .ownerId(order.customerId())
                .key(order.id())
                .payload(ConfirmationEmail.of(order))
                .build());
    if (r.duplicate()) {
      LOG.info("order {}: confirmation already queued as job {}", order.id(), r.jobId());
    }
    return r.jobId();
  }
}
