package dev.keel.bench.internal.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The idempotency benchmark end to end on the real Redis with a few operations: every phase runs
 * without error, the store's counter says 2 round trips per first request and 1 per replay, the
 * server saw at least as many script calls, the handler ran exactly once per first request, the
 * ceiling was measured, and no key is left behind.
 */
class IdempotencySmokeTest {

  @Test
  void measuresEveryPhaseCountsRoundTripsAndLeavesNoKeyBehind() throws Exception {
    IdempotencyOutcome outcome = IdempotencyCommand.run(true, null, null);

    assertThat(outcome.rounds()).hasSize(1);
    assertThat(outcome.rounds().get(0))
        .extracting(PhaseResult::phase)
        .containsExactly(Phase.values());
    for (PhaseResult r : outcome.rounds().get(0)) {
      assertThat(r.load().errors()).as(r.phase() + ": " + r.load().firstError()).isZero();
      assertThat(r.load().operations()).isEqualTo(300);
      assertThat(r.load().perSecond()).as(r.phase().name()).isPositive();
    }
    PhaseResult first = outcome.of(Phase.REDIS_FIRST).get(0);
    PhaseResult replay = outcome.of(Phase.REDIS_REPLAY).get(0);
    assertThat(first.tripsPerOp()).isEqualTo(2.0);
    assertThat(replay.tripsPerOp()).isEqualTo(1.0);
    // The server is shared: other clients' scripts may add to its count, never subtract.
    assertThat(first.serverScriptCalls()).isGreaterThanOrEqualTo(first.roundTrips());
    assertThat(replay.serverScriptCalls()).isGreaterThanOrEqualTo(replay.roundTrips());
    assertThat(outcome.ceilings()).hasSize(1);
    assertThat(outcome.ceilings().get(0).perSecond()).isPositive();
    assertThat(outcome.handlerRuns()).isEqualTo(outcome.expectedHandlerRuns());
    assertThat(outcome.keysLeft()).isZero();
    assertThat(outcome.markdown())
        .contains("| Redis store, first requests (unique keys) |")
        .contains("`redis-benchmark` SET, the ceiling");
  }
}
