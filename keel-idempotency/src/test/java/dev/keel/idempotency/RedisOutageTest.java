package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away mid-test: a private redis-server (never the shared one) is killed and restarted
 * on the same port. Given fail-closed (the default) the operation must not run while Redis is down;
 * when Redis is back, requests run and are recorded again.
 */
class RedisOutageTest {

  private PrivateRedis redis;
  private RedisIdempotencyStore store;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final IdempotencyScope scope = IdempotencyScope.of("tenant", "POST /orders");

  @BeforeEach
  void start() throws Exception {
    redis = new PrivateRedis();
    store =
        RedisIdempotencyStore.builder(redis.uri()).commandTimeout(Duration.ofSeconds(1)).build();
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    redis.close();
  }

  @Test
  void failsClosedWhileRedisIsDownAndRecoversWhenItIsBack() throws Exception {
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(store)
            .metrics(new MicrometerIdempotencyMetrics(registry, store.name()))
            .unavailableRetryAfter(Duration.ofSeconds(7))
            .build();
    AtomicInteger runs = new AtomicInteger();
    IdempotentOperation op =
        () ->
            IdempotentResponse.of(
                201, ("run " + runs.incrementAndGet()).getBytes(StandardCharsets.UTF_8));

    // Given Redis is up, a first request runs and is recorded.
    assertThat(executor.execute(scope, "before", "fp", op).replayed()).isFalse();
    assertThat(executor.execute(scope, "before", "fp", op).replayed()).isTrue();
    assertThat(runs).hasValue(1);

    // When Redis dies,
    redis.kill();

    // then a new request is refused with 503 and Retry-After, and the operation does not run.
    assertThatThrownBy(() -> executor.execute(scope, "during", "fp", op))
        .isInstanceOfSatisfying(
            StoreUnavailableException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            });
    assertThat(runs).hasValue(1);
    assertThat(
            registry
                .get(MicrometerIdempotencyMetrics.REQUESTS)
                .tag("outcome", "unavailable")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get(MicrometerIdempotencyMetrics.STORE_ERRORS)
                .tag("operation", "claim")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1.0);

    // When Redis is back on the same port (empty: it kept nothing), requests run again.
    redis.start();
    IdempotencyResult after =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
            .until(() -> executor.execute(scope, "after", "fp", op), r -> true);
    assertThat(after.replayed()).isFalse();
    assertThat(runs).hasValue(2);
    assertThat(executor.execute(scope, "after", "fp", op).replayed()).isTrue();
    assertThat(runs).hasValue(2);
  }

  @Test
  void redisDyingDuringTheOperationStillReturnsItsOutcome() throws Exception {
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(store)
            .metrics(new MicrometerIdempotencyMetrics(registry, store.name()))
            .build();
    IdempotencyResult result =
        executor.execute(
            scope,
            "k",
            "fp",
            () -> {
              redis.kill();
              return IdempotentResponse.ofUtf8("charged");
            });
    // The side effect happened: its outcome reaches the caller even though it was not recorded.
    assertThat(result.replayed()).isFalse();
    assertThat(result.response().bodyUtf8()).isEqualTo("charged");
    assertThat(
            registry
                .get(MicrometerIdempotencyMetrics.STORE_ERRORS)
                .tag("operation", "complete")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void failOpenRunsTheOperationUnprotectedAndCountsIt() throws Exception {
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(store)
            .storeFailureMode(StoreFailureMode.FAIL_OPEN)
            .metrics(new MicrometerIdempotencyMetrics(registry, store.name()))
            .build();
    AtomicInteger runs = new AtomicInteger();
    redis.kill();

    IdempotencyResult result =
        executor.execute(
            scope, "k", "fp", () -> IdempotentResponse.ofUtf8("ran " + runs.incrementAndGet()));
    assertThat(result.source()).isEqualTo(IdempotencyResult.Source.EXECUTED_UNPROTECTED);
    assertThat(runs).hasValue(1);
    assertThat(
            registry
                .get(MicrometerIdempotencyMetrics.REQUESTS)
                .tag("outcome", "fail_open")
                .counter()
                .count())
        .isEqualTo(1.0);
  }
}
