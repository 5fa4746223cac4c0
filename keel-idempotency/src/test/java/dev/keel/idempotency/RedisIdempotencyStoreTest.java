package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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

  @Test
  void aCorruptRecordFailsClosedInsteadOfRunningAgain() throws Exception {
    RedisIdempotencyStore redisStore = (RedisIdempotencyStore) store;
    RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      String key = redisStore.redisKey(scope, "corrupt");
      c.sync().hset(key, Map.of("s", "c", "f", "fp", "r", "not a stored response"));
      c.sync().pexpire(key, 60_000);
    } finally {
      client.shutdown();
    }
    AtomicInteger runs = new AtomicInteger();
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    assertThatThrownBy(
            () ->
                executor.execute(
                    scope,
                    "corrupt",
                    "fp",
                    () -> IdempotentResponse.ofUtf8("" + runs.incrementAndGet())))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(runs).hasValue(0);
  }
}
