package dev.keel.idempotency;

import java.time.Duration;
import java.util.UUID;

/** The conformance suite on the shared Redis, under a random key prefix per test class. */
class RedisIdempotencyStoreTest extends IdempotencyStoreContract {

  private static final String PREFIX = "keel-idem-test:" + UUID.randomUUID() + ":";

  @Override
  boolean prunesExpired() {
    return false;
  }

  @Override
  IdempotencyStore createStore(Duration retention) {
    return RedisIdempotencyStore.builder("redis://127.0.0.1:6379")
        .keyPrefix(PREFIX)
        .retention(retention)
        .build();
  }
}
