/**
 * Keel's durable, pull-based job queue.
 *
 * <p>{@link dev.keel.jobs.Jobs} is the front door: enqueue (confirmed and deduplicated), run
 * workers per queue, lease jobs for remote workers, inspect queues and the dead-letter queue. It
 * sits on a {@link dev.keel.jobs.JobStore}, the storage SPI, with two stores from {@link
 * dev.keel.jobs.JobStores}: PostgreSQL (many nodes) and SQLite (embedded, one process).
 *
 * <p>Configuration types are immutable records validated at construction; {@code Jobs} and the
 * stores are thread-safe. Transactions belong to the store, except for the enqueue overloads that
 * take the caller's {@link java.sql.Connection}: there the caller owns the transaction. Types under
 * {@code dev.keel.jobs.internal} are not API.
 */
package dev.keel.jobs;
