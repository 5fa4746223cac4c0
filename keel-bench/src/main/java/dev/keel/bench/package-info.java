/**
 * Keel's benchmarks: JMH micro-benchmarks of the keel-core primitives and a load harness of the job
 * queue, each with the peer libraries (Resilience4j, Failsafe, Bucket4j, JobRunr, db-scheduler)
 * measured side by side in the same run.
 *
 * <p>The only entry point is {@link dev.keel.bench.Bench}, run by {@code ./keel bench}; everything
 * else lives in {@code dev.keel.bench.internal} and is not an API. The peers are dependencies of
 * this module only.
 */
package dev.keel.bench;
