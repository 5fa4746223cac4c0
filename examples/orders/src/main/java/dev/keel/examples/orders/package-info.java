/**
 * The orders example: a small service that uses every Keel library. Start with {@link
 * dev.keel.examples.orders.OrdersApp} (the wiring and {@code main}) and {@link
 * dev.keel.examples.orders.OrdersConfig} (every setting from the environment); the three downstream
 * clients ({@link dev.keel.examples.orders.PaymentClient}, {@link
 * dev.keel.examples.orders.RecommendationsClient}, {@link dev.keel.examples.orders.EmailClient})
 * each document their contract, whose other side is the stub files in {@code
 * examples/orders/stubs}.
 *
 * <p>Records here are immutable; the clients and the app are thread-safe. {@code
 * dev.keel.examples.orders.internal} holds the order flow, routes, storage selection and the job
 * handler.
 */
package dev.keel.examples.orders;
