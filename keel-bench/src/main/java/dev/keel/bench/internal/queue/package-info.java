/**
 * The job-queue load harness: enqueue rate, drain throughput and idle start latency of Keel's queue
 * beside a raw {@code SKIP LOCKED} loop, JobRunr and db-scheduler.
 *
 * <p>Each subject runs in its own child JVM ({@link QueueChild}) in its own fresh PostgreSQL schema
 * (or SQLite file), dropped afterwards; the latency phase enqueues from yet another JVM ({@link
 * RemoteEnqueuer}) so wake-ups must cross processes, as they do in production.
 */
package dev.keel.bench.internal.queue;
