package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One round trip per claim, per completion and per replay — counted by the store's {@link
 * RoundTripCounter} and confirmed by the server's own command statistics on a private redis-server
 * (the shared one has other clients).
 */
class RedisRoundTripTest {

  private PrivateRedis redis;
  private RedisClient admin;
  private StatefulRedisConnection<String, String> adminConnection;

  @BeforeEach
  void start() throws Exception {
    redis = new PrivateRedis();
    admin = RedisClient.create(redis.uri());
    adminConnection = admin.connect();
  }

  @AfterEach
  void stop() throws Exception {
    adminConnection.close();
    admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    redis.close();
  }

  @Test
  void firstRequestCostsTwoRoundTripsAndAReplayOne() throws Exception {
    RoundTripCounter trips = new RoundTripCounter();
    try (RedisIdempotencyStore store =
        RedisIdempotencyStore.builder(redis.uri()).roundTripCounter(trips).build()) {
      IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
      IdempotencyScope scope = IdempotencyScope.of("t", "POST /x");
      assertThat(trips.reset()).as("script loads at build").isEqualTo(3);
      adminConnection.sync().configResetstat();

      executor.execute(scope, "k", "fp", () -> IdempotentResponse.ofUtf8("x"));
      assertThat(trips.reset()).as("claim + completion").isEqualTo(2);
      assertThat(serverCalls("evalsha")).isEqualTo(2);

      assertThat(
              executor.execute(scope, "k", "fp", () -> IdempotentResponse.ofUtf8("y")).replayed())
          .isTrue();
      assertThat(trips.reset()).as("replay").isEqualTo(1);
      assertThat(serverCalls("evalsha")).isEqualTo(3);
      assertThat(serverCalls("eval")).isZero();
    }
  }

  @Test
  void aServerThatLostItsScriptsCostsOneExtraRoundTripOnce() throws Exception {
    RoundTripCounter trips = new RoundTripCounter();
    try (RedisIdempotencyStore store =
        RedisIdempotencyStore.builder(redis.uri()).roundTripCounter(trips).build()) {
      IdempotencyScope scope = IdempotencyScope.of("t", "POST /x");
      adminConnection.sync().scriptFlush();
      trips.reset();
      store.keyClaim(new KeyClaimParams(scope, "a", "fp", Duration.ofSeconds(30)));
      assertThat(trips.reset()).isEqualTo(2);
      store.keyClaim(new KeyClaimParams(scope, "b", "fp", Duration.ofSeconds(30)));
      assertThat(trips.reset()).isEqualTo(1);
    }
  }

  private long serverCalls(String command) {
    String info = adminConnection.sync().info("commandstats");
    Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(info);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
