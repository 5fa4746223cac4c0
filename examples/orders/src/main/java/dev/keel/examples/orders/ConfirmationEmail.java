package dev.keel.examples.orders;

/**
 * The payload of a confirmation-email job, and the body of the email service's {@code POST /emails}
 * (with {@link #TEMPLATE}). Immutable.
 *
 * @param to the recipient
 * @param template always {@link #TEMPLATE}
 * @param orderId the order confirmed
 * @param customerId its customer
 * @param totalCents its total
 * @param currency its currency
 */
public record ConfirmationEmail(
    String to,
    String template,
    String orderId,
    String customerId,
    long totalCents,
    String currency) {

  /** The template the email service renders. */
  public static final String TEMPLATE = "order-confirmation";

  /** The job type on keel-jobs. */
  public static final String JOB_TYPE = "orders.confirmation-email";

  /** The confirmation of {@code order}. */
  public static ConfirmationEmail of(Order order) {
    return new ConfirmationEmail(
        order.email(),
        TEMPLATE,
        order.id(),
        order.customerId(),
        order.totalCents(),
        order.currency());
  }
}
