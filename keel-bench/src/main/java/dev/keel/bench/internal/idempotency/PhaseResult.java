package dev.keel.bench.internal.idempotency;

import dev.keel.bench.internal.load.LoadResult;

/**
 * One phase of one round.
 *
 * @param phase what ran
 * @param load throughput, latencies, errors
 * @param roundTrips commands the store counted with its {@code RoundTripCounter} (Redis phases; 0
 *     otherwise)
 * @param serverScriptCalls the growth of {@code EVALSHA} + {@code EVAL} calls in the server's
 *     {@code INFO commandstats} over the phase (Redis phases; every client of the shared server
 *     counts, so this is an upper bound of the store's own)
 * @param serverScriptMicros the server time of those calls, µs
 */
record PhaseResult(
    Phase phase,
    LoadResult load,
    long roundTrips,
    long serverScriptCalls,
    long serverScriptMicros) {

  static PhaseResult local(Phase phase, LoadResult load) {
    return new PhaseResult(phase, load, 0, 0, 0);
  }

  double tripsPerOp() {
    return (double) roundTrips / load.operations();
  }

  double serverCallsPerOp() {
    return (double) serverScriptCalls / load.operations();
  }
}
