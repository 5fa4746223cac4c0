package dev.keel.idempotency;

import dev.keel.core.ManualClock;
import java.time.Duration;

/** The conformance suite on the in-memory store, with time on a {@link ManualClock}. */
class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {

  private final ManualClock clock = new ManualClock();

  @Override
  IdempotencyStore createStore(Duration retention) {
    return InMemoryIdempotencyStore.create(clock, retention);
  }

  @Override
  void advance(Duration amount) {
    clock.advance(amount);
  }
}
