package dev.keel.bench.internal.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The load driver: every index once, errors counted, quantiles by nearest rank. */
class ClosedLoopTest {

  @Test
  void runsEveryIndexExactlyOnceAndCountsErrors() throws Exception {
    Set<Integer> seen = ConcurrentHashMap.newKeySet();

    LoadResult r =
        ClosedLoop.run(
            8,
            1000,
            i -> {
              if (!seen.add(i)) {
                throw new IllegalStateException("index " + i + " twice");
              }
              if (i % 100 == 0) {
                throw new IllegalArgumentException("boom " + i);
              }
            });

    assertThat(seen).hasSize(1000);
    assertThat(r.operations()).isEqualTo(1000);
    assertThat(r.errors()).isEqualTo(10);
    assertThat(r.firstError()).startsWith("IllegalArgumentException: boom");
    assertThat(r.latencyNanos()).hasSize(1000);
    assertThat(java.util.Arrays.stream(r.latencyNanos()).min().orElseThrow()).isNotNegative();
    assertThat(r.perSecond()).isPositive();
    // Known (not -1) on HotSpot/Linux; it may be 0 for so short a run (10 ms clock ticks).
    assertThat(r.cpuNanos()).as("process CPU time on HotSpot/Linux").isNotNegative();
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> ClosedLoop.run(0, 1, i -> {})).hasMessageContaining("threads");
    assertThatThrownBy(() -> ClosedLoop.run(1, 0, i -> {})).hasMessageContaining("operations");
  }

  @Test
  void quantilesAreNearestRankAndPoolingSorts() {
    LoadResult a = new LoadResult(3, 0, "", 1, 1, new long[] {3_000, 1_000, 2_000});
    LoadResult b = new LoadResult(2, 0, "", 1, 1, new long[] {5_000, 4_000});

    long[] pooled = LoadResult.pooled(List.of(a, b));

    assertThat(pooled).containsExactly(1_000, 2_000, 3_000, 4_000, 5_000);
    assertThat(LoadResult.quantileMicros(pooled, 0.5)).isEqualTo(3.0);
    assertThat(LoadResult.quantileMicros(pooled, 0.99)).isEqualTo(5.0);
    assertThat(LoadResult.quantileMicros(pooled, 0.2)).isEqualTo(1.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }
}
