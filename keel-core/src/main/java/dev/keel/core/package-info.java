/**
 * Keel's in-process resilience primitives: circuit breaker, retry with backoff and jitter, retry
 * budget, token-bucket rate limiter, bulkhead, timeout, fallback, fault injection, their
 * composition, named registries and dependency health.
 *
 * <p>Every configuration type is immutable; every policy instance is thread-safe and may be shared.
 * Time comes from a {@link dev.keel.core.KeelClock} so tests can use {@link
 * dev.keel.core.ManualClock}. Types under {@code dev.keel.core.internal} are not API.
 */
package dev.keel.core;
