package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Executor behaviour that does not depend on the store: keys, limits, settings, metrics. */
class IdempotencyExecutorTest {

  private final ManualClock clock = new ManualClock();
  private final InMemoryIdempotencyStore store =
      InMemoryIdempotencyStore.create(clock, Duration.ofMinutes(15));
  private final IdempotencyScope scope = IdempotencyScope.of("t", "POST /x");
  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void malformedKeysAreRefusedBeforeAnythingRuns() {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    IdempotentOperation op = () -> IdempotentResponse.ofUtf8("ran " + runs.incrementAndGet());
    assertThatThrownBy(() -> executor.execute(scope, null, "fp", op))
        .isInstanceOfSatisfying(
            InvalidIdempotencyKeyException.class,
            e -> {
              assertThat(e.missing()).isTrue();
              assertThat(e.status()).isEqualTo(400);
            });
    for (String bad : List.of("", "x".repeat(256), "caf\u00e9", "tab\there", "nl\n")) {
      assertThatThrownBy(() -> executor.execute(scope, bad, "fp", op))
          .as("key %s", bad)
          .isInstanceOfSatisfying(
              InvalidIdempotencyKeyException.class, e -> assertThat(e.missing()).isFalse());
    }
    assertThat(runs).hasValue(0);
    assertThat(store.size()).isZero();
  }

  @Test
  void keysOfOneTo255PrintableCharactersAreAccepted() throws Exception {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    for (String good :
        List.of(
            "a", "x".repeat(255), "with space and :%/~", "550e8400-e29b-41d4-a716-446655440000")) {
      assertThat(
              executor.execute(scope, good, "fp", () -> IdempotentResponse.ofUtf8("ok")).replayed())
          .isFalse();
    }
  }

  @Test
  void anOversizedOutcomeIsReleasedByDefaultSoARetryRunsAgain() throws Exception {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).maxResponseBytes(4).build();
    IdempotentOperation big = () -> IdempotentResponse.ofUtf8("big body " + runs.incrementAndGet());
    assertThat(executor.execute(scope, "k", "fp", big).response().bodyUtf8())
        .isEqualTo("big body 1");
    assertThat(executor.execute(scope, "k", "fp", big).replayed()).isFalse();
    assertThat(runs).hasValue(2);
  }

  @Test
  void anOversizedOutcomeCanBeStoredWithoutItsBody() throws Exception {
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(store)
            .maxResponseBytes(4)
            .oversize(OversizeBehavior.STORE_WITHOUT_BODY)
            .build();
    IdempotentOperation big =
        () ->
            new IdempotentResponse(
                201,
                Map.of("Location", List.of("/x/1")),
                ("body " + runs.incrementAndGet()).getBytes());
    executor.execute(scope, "k", "fp", big);
    IdempotencyResult replay = executor.execute(scope, "k", "fp", big);
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.response().status()).isEqualTo(201);
    assertThat(replay.response().bodyLength()).isZero();
    assertThat(replay.response().header("Location")).isEqualTo("/x/1");
    assertThat(replay.response().header(IdempotencyExecutor.BODY_OMITTED_HEADER)).isEqualTo("true");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aProcessThatDiedMidOperationBlocksRetriesUntilTheLeaseExpires() throws Exception {
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(store).lease(Duration.ofSeconds(30)).build();
    // The first owner claimed and "died": it never completes or releases.
    store.keyClaim(new KeyClaimParams(scope, "k", "fp", Duration.ofSeconds(30)));
    IdempotentOperation op = () -> IdempotentResponse.ofUtf8("run " + runs.incrementAndGet());

    clock.advance(Duration.ofSeconds(29));
    assertThatThrownBy(() -> executor.execute(scope, "k", "fp", op))
        .isInstanceOfSatisfying(
            IdempotencyConflictException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    assertThat(executor.execute(scope, "k", "fp", op).replayed()).isFalse();
    assertThat(runs).hasValue(1);
  }

  @Test
  void waitingGivesUpAfterTheBoundWith409() {
    InMemoryIdempotencyStore realTime = InMemoryIdempotencyStore.create();
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(realTime).waitForInFlight(Duration.ofMillis(200)).build();
    // Held by an owner that never finishes within the wait.
    realTime.keyClaim(new KeyClaimParams(scope, "k", "fp", Duration.ofMinutes(5)));
    assertThatThrownBy(
            () -> executor.execute(scope, "k", "fp", () -> IdempotentResponse.ofUtf8("x")))
        .isInstanceOf(IdempotencyConflictException.class);
    // A different request is still a mismatch, not a wait.
    assertThatThrownBy(
            () -> executor.execute(scope, "k", "fp2", () -> IdempotentResponse.ofUtf8("x")))
        .isInstanceOf(IdempotencyKeyMismatchException.class);
  }

  @Test
  void metricsCountEveryOutcomeAndTimeStoreCalls() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(store)
            .metrics(new MicrometerIdempotencyMetrics(registry, store.name()))
            .build();
    executor.execute(scope, "k", "fp", () -> IdempotentResponse.ofUtf8("a"));
    executor.execute(scope, "k", "fp", () -> IdempotentResponse.ofUtf8("a"));
    assertThatThrownBy(
            () -> executor.execute(scope, "k", "other", () -> IdempotentResponse.ofUtf8("b")))
        .isInstanceOf(IdempotencyKeyMismatchException.class);
    store.keyClaim(new KeyClaimParams(scope, "busy", "fp", Duration.ofSeconds(30)));
    assertThatThrownBy(
            () -> executor.execute(scope, "busy", "fp", () -> IdempotentResponse.ofUtf8("c")))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThatThrownBy(
            () -> executor.execute(scope, "", "fp", () -> IdempotentResponse.ofUtf8("d")))
        .isInstanceOf(InvalidIdempotencyKeyException.class);

    assertThat(count(registry, "miss")).isEqualTo(1);
    assertThat(count(registry, "replay")).isEqualTo(1);
    assertThat(count(registry, "mismatch")).isEqualTo(1);
    assertThat(count(registry, "conflict")).isEqualTo(1);
    assertThat(count(registry, "invalid_key")).isEqualTo(1);
    assertThat(
            registry
                .get(MicrometerIdempotencyMetrics.STORE_LATENCY)
                .tag("operation", "claim")
                .timer()
                .count())
        .isEqualTo(4);
    assertThat(
            registry
                .get(MicrometerIdempotencyMetrics.STORE_LATENCY)
                .tag("operation", "complete")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void badSettingsFailFastNamingTheSetting() {
    assertThatThrownBy(() -> IdempotencyExecutor.builder(store).lease(Duration.ZERO).build())
        .hasMessageContaining("lease");
    assertThatThrownBy(() -> IdempotencyExecutor.builder(store).maxResponseBytes(-1).build())
        .hasMessageContaining("maxResponseBytes");
    assertThatThrownBy(
            () ->
                IdempotencyExecutor.builder(store).waitForInFlight(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("waitForInFlight");
    assertThatThrownBy(() -> IdempotencyScope.of("", "op")).hasMessageContaining("tenant");
    assertThatThrownBy(() -> IdempotencyScope.of("t", "o".repeat(256)))
        .hasMessageContaining("operation");
    assertThatThrownBy(() -> HttpIdempotencySettings.builder().methods().build())
        .hasMessageContaining("methods");
    assertThatThrownBy(
            () ->
                PostgresIdempotencyStore.builder(new org.postgresql.ds.PGSimpleDataSource())
                    .schema("x; drop")
                    .build())
        .hasMessageContaining("schema");
    assertThatThrownBy(() -> RedisIdempotencyStore.builder("http://localhost").build())
        .hasMessageContaining("redisUri");
    assertThatThrownBy(
            () -> IdempotencyFilter.builder(IdempotencyExecutor.builder(store).build()).build())
        .hasMessageContaining("tenant");
    assertThatThrownBy(
            () ->
                executorInTransactionOnMemory().executeInTransaction(scope, "k", "fp", tx -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SQL store");
  }

  @Test
  void scopeIdsAreUnambiguous() {
    assertThat(IdempotencyScope.of("a:b", "c").id())
        .isNotEqualTo(IdempotencyScope.of("a", "b:c").id());
    assertThat(IdempotencyScope.of("a%3Ab", "c").id())
        .isNotEqualTo(IdempotencyScope.of("a:b", "c").id());
  }

  private IdempotencyExecutor executorInTransactionOnMemory() {
    return IdempotencyExecutor.builder(store).build();
  }

  private static double count(SimpleMeterRegistry registry, String outcome) {
    return registry
        .get(MicrometerIdempotencyMetrics.REQUESTS)
        .tag("outcome", outcome)
        .counter()
        .count();
  }
}
