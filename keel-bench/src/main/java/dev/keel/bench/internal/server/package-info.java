/**
 * {@code ./keel bench server}: the HTTP API of keel-server against the in-process keel-jobs API on
 * the same store (enqueue with idempotency keys, lease→complete cycles), SQLite and PostgreSQL.
 */
package dev.keel.bench.internal.server;
