/**
 * Keel's outbound HTTP client: one {@link dev.keel.http.KeelHttpClient} per downstream dependency,
 * on the JDK {@link java.net.http.HttpClient}, with timeouts, a circuit breaker, retries that
 * honour {@code Retry-After}, idempotency keys, a bulkhead, a rate limiter, fallbacks for optional
 * dependencies, logs, metrics and W3C trace propagation. The policies, their order ({@link
 * dev.keel.core.Pipeline}), criticality and health ({@link dev.keel.core.Dependency}) and the
 * policies' meters ({@link dev.keel.core.KeelMicrometer}) are keel-core's.
 *
 * <p>Configuration types are immutable; clients are thread-safe and meant to be shared, one per
 * dependency for the life of the application. Types under {@code dev.keel.http.internal} are not
 * API.
 */
package dev.keel.http;
