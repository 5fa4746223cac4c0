/**
 * JMH benchmarks of per-call overhead of the resilience primitives, Keel and peers side by side,
 * and the runner that turns their results into the table of {@code docs/benchmarks.md}.
 *
 * <p>Every benchmark class holds its policies in {@code Scope.Benchmark} state, so in the 2-thread
 * runs both threads share one breaker, limiter or bucket: the contended case.
 */
package dev.keel.bench.internal.primitives;
