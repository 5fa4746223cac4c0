/**
 * A closed-loop load driver shared by the idempotency and HTTP client benchmarks: a fixed number of
 * operations spread over a fixed number of virtual threads, each operation timed.
 */
package dev.keel.bench.internal.load;
