package dev.keel.examples.orders;

/**
 * The body of the payment service's {@code POST /charges} (see {@code stubs/payment-service}).
 * Immutable.
 *
 * @param orderId the order being paid
 * @param customerId who pays
 * @param amountCents how much, in cents
 * @param currency ISO 4217 code
 */
public record ChargeRequest(String orderId, String customerId, long amountCents, String currency) {}
