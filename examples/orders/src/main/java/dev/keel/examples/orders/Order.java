package dev.keel.examples.orders;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An order as the service keeps it. Immutable; changes make copies ({@link #withState}).
 *
 * @param id {@code ord_} + a hash of the customer and the request's {@code Idempotency-Key}: a
 *     repeat of the same request reaches the same order, and the id is the payment call's {@code
 *     Idempotency-Key}
 * @param customerId the customer ({@code X-Customer-Id})
 * @param email where the confirmation goes
 * @param currency ISO 4217 code, e.g. {@code EUR}
 * @param items the lines
 * @param state where the order is
 * @param chargeId the payment service's charge, once paid
 * @param declineCode the payment service's reason, once declined
 * @param failure why the last payment attempt failed, while {@link OrderState#PAYMENT_FAILED}
 * @param confirmationJobId the confirmation-email job, once queued
 * @param createdAt when the order was first seen
 * @param updatedAt when it last changed
 */
public record Order(
    String id,
    String customerId,
    String email,
    String currency,
    List<OrderItem> items,
    OrderState state,
    Optional<String> chargeId,
    Optional<String> declineCode,
    Optional<String> failure,
    Optional<Long> confirmationJobId,
    Instant createdAt,
    Instant updatedAt) {

  /** Copies the items; no component may be null. */
  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(currency, "currency");
    items = List.copyOf(items);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(chargeId, "chargeId");
    Objects.requireNonNull(declineCode, "declineCode");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(confirmationJobId, "confirmationJobId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A new order, {@link OrderState#PENDING_PAYMENT}. */
  public static Order pending(String id, String customerId, NewOrder request, Instant now) {
    return new Order(
        id,
        customerId,
        request.email(),
        request.currency(),
        request.items(),
        OrderState.PENDING_PAYMENT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        now,
        now);
  }

  /** The order's total in cents. */
  public long totalCents() {
    return items.stream().mapToLong(OrderItem::totalCents).sum();
  }

  /** A copy in {@code next} state, with the failure cleared. */
  public Order withState(OrderState next, Instant now) {
    return new Order(
        id,
        customerId,
        email,
        currency,
        items,
        next,
        chargeId,
        declineCode,
        Optional.empty(),
        confirmationJobId,
        createdAt,
        now);
  }

  /** A copy that is {@link OrderState#PAID} by {@code charge}. */
  public Order paid(String charge, Instant now) {
    return new Order(
        id,
        customerId,
        email,
        currency,
        items,
        OrderState.PAID,
        Optional.of(charge),
        declineCode,
        Optional.empty(),
        confirmationJobId,
        createdAt,
        now);
  }

  /** A copy that is {@link OrderState#DECLINED} for {@code code}. */
  public Order declined(String code, Instant now) {
    return new Order(
        id,
        customerId,
        email,
        currency,
        items,
        OrderState.DECLINED,
        chargeId,
        Optional.of(code),
        Optional.empty(),
        confirmationJobId,
        createdAt,
        now);
  }

  /** A copy that is {@link OrderState#PAYMENT_FAILED} because of {@code why}. */
  public Order failed(String why, Instant now) {
    return new Order(
        id,
        customerId,
        email,
        currency,
        items,
        OrderState.PAYMENT_FAILED,
        chargeId,
        declineCode,
        Optional.of(why),
        confirmationJobId,
        createdAt,
        now);
  }

  /** A copy that records its confirmation-email job. */
  public Order withConfirmationJob(long jobId, Instant now) {
    return new Order(
        id,
        customerId,
        email,
        currency,
        items,
        state,
        chargeId,
        declineCode,
        failure,
        Optional.of(jobId),
        createdAt,
        now);
  }
}
