/**
 * {@code ./keel bench idempotency} (issue 4): the cost per request of keel-idempotency's Redis
 * store against no idempotency at the same concurrency, with round trips counted, beside {@code
 * redis-benchmark}'s SET rate on the same server.
 */
package dev.keel.bench.internal.idempotency;
