package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.core.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdempotencyPrunerTest {

  @Test
  void prunesExpiredRecordsPeriodically() {
    ManualClock clock = new ManualClock();
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.create(clock, Duration.ofMinutes(1));
    IdempotencyScope scope = IdempotencyScope.of("t", "op");
    store.keyClaim(new KeyClaimParams(scope, "a", "fp", Duration.ofSeconds(10)));
    store.keyClaim(new KeyClaimParams(scope, "b", "fp", Duration.ofHours(1)));
    clock.advance(Duration.ofSeconds(11));
    try (IdempotencyPruner pruner = IdempotencyPruner.start(store, Duration.ofSeconds(1))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> store.size() == 1);
    }
    assertThat(store.keyClaim(new KeyClaimParams(scope, "b", "fp", Duration.ofHours(1))))
        .isInstanceOf(ClaimResult.InFlight.class);
  }

  @Test
  void refusesIntervalsUnderOneSecond() {
    assertThatThrownBy(
            () -> IdempotencyPruner.start(InMemoryIdempotencyStore.create(), Duration.ofMillis(10)))
        .hasMessageContaining("interval");
  }
}
