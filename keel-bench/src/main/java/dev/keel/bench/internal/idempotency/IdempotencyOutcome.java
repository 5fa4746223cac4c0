package dev.keel.bench.internal.idempotency;

import java.util.List;

/**
 * Everything one {@code ./keel bench idempotency} run measured.
 *
 * @param rounds the phases of each measured round (warm-up excluded)
 * @param ceilings redis-benchmark's SET rate, one per round
 * @param handlerRuns how many times the handler ran, warm-up included
 * @param expectedHandlerRuns how many times it should have run: once per operation of the
 *     handler-only phase and once per first request, never for a replay
 * @param keysLeft keys under the run's prefix after its clean-up (should be 0)
 * @param markdown the section written to the document
 */
record IdempotencyOutcome(
    List<List<PhaseResult>> rounds,
    List<RedisBenchmark.Ceiling> ceilings,
    long handlerRuns,
    long expectedHandlerRuns,
    long keysLeft,
    String markdown) {

  /** The results of {@code phase}, one per round. */
  List<PhaseResult> of(Phase phase) {
    return rounds.stream().flatMap(List::stream).filter(r -> r.phase() == phase).toList();
  }
}
