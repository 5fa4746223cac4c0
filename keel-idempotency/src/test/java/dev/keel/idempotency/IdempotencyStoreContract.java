package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every {@link IdempotencyStore} passes, at the SPI level and through {@link
 * IdempotencyExecutor}. Subclasses create stores on a real backend (fresh schema, key prefix or
 * file per test class) and say how time passes: stores on a {@link dev.keel.core.ManualClock}
 * advance it, stores on a server's clock use short durations and Awaitility.
 */
abstract class IdempotencyStoreContract {

  /** Retention for tests that never wait for expiry. */
  static final Duration LONG = Duration.ofMinutes(10);

  /** Lease or retention for tests that wait for expiry on a real clock. */
  static final Duration SHORT = Duration.ofMillis(300);

  static final Duration PATIENCE = Duration.ofSeconds(30);

  IdempotencyStore store;
  IdempotencyScope scope;

  /** A new store on the subclass's backend that keeps completed outcomes for {@code retention}. */
  abstract IdempotencyStore createStore(Duration retention);

  /** Lets {@code amount} of store time pass where the store's clock is manual; else nothing. */
  void advance(Duration amount) {}

  /** Whether expired records stay until pruned (false where the backend expires them itself). */
  boolean prunesExpired() {
    return true;
  }

  @BeforeEach
  void openStore() {
    store = createStore(LONG);
    scope = IdempotencyScope.of("tenant-" + UUID.randomUUID(), "POST /orders");
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- SPI level ----

  @Test
  void firstClaimOwnsTheKeyAndARepeatSeesItInFlight() {
    ClaimResult first = store.keyClaim(claim("k1", "fp", LONG));
    assertThat(first).isInstanceOf(ClaimResult.Claimed.class);

    ClaimResult second = store.keyClaim(claim("k1", "fp", LONG));
    assertThat(second).isInstanceOf(ClaimResult.InFlight.class);
    Duration retryAfter = ((ClaimResult.InFlight) second).retryAfter();
    assertThat(retryAfter).isPositive().isLessThanOrEqualTo(LONG);
  }

  @Test
  void anotherFingerprintIsAMismatchWhileInFlightAndWhenCompleted() {
    String token = claimed("k1", "fp-a");
    assertThat(store.keyClaim(claim("k1", "fp-b", LONG))).isInstanceOf(ClaimResult.Mismatch.class);

    assertThat(store.keyComplete(complete("k1", token, response(201, "made")))).isTrue();
    assertThat(store.keyClaim(claim("k1", "fp-b", LONG))).isInstanceOf(ClaimResult.Mismatch.class);
  }

  @Test
  void completedOutcomeIsReturnedByteForByteWithItsHeaders() {
    byte[] body = new byte[256 * 1024];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    IdempotentResponse stored =
        new IdempotentResponse(
            201,
            Map.of(
                "Content-Type",
                List.of("application/octet-stream"),
                "Set-Thing",
                List.of("a", "b")),
            body);
    String token = claimed("k1", "fp");
    assertThat(store.keyComplete(complete("k1", token, stored))).isTrue();

    ClaimResult again = store.keyClaim(claim("k1", "fp", LONG));
    assertThat(again).isInstanceOf(ClaimResult.Completed.class);
    ClaimResult.Completed completed = (ClaimResult.Completed) again;
    assertThat(completed.response()).isEqualTo(stored);
    assertThat(completed.response().header("content-type")).isEqualTo("application/octet-stream");
    assertThat(completed.fingerprint()).isEqualTo("fp");
  }

  @Test
  void onlyTheOwnerCanCompleteOrRelease() {
    String token = claimed("k1", "fp");
    assertThat(store.keyComplete(complete("k1", "not-the-token", response(200, "x")))).isFalse();
    assertThat(store.keyRelease(new KeyReleaseParams(scope, "k1", "not-the-token"))).isFalse();
    assertThat(store.keyClaim(claim("k1", "fp", LONG))).isInstanceOf(ClaimResult.InFlight.class);

    assertThat(store.keyComplete(complete("k1", token, response(200, "x")))).isTrue();
    // A completed record can no longer be released or completed again, even by its owner.
    assertThat(store.keyRelease(new KeyReleaseParams(scope, "k1", token))).isFalse();
    assertThat(store.keyComplete(complete("k1", token, response(200, "y")))).isFalse();
    assertThat(((ClaimResult.Completed) store.keyClaim(claim("k1", "fp", LONG))).response())
        .isEqualTo(response(200, "x"));
  }

  @Test
  void releaseFreesTheKeyForANewClaim() {
    String token = claimed("k1", "fp");
    assertThat(store.keyRelease(new KeyReleaseParams(scope, "k1", token))).isTrue();
    assertThat(store.keyComplete(complete("k1", token, response(200, "late")))).isFalse();

    String second = claimed("k1", "other-fingerprint-is-fine-after-release");
    assertThat(second).isNotEqualTo(token);
  }

  @Test
  void expiredLeaseLetsARetryClaimAndLocksOutTheSlowOwner() {
    String slow = claimed("k1", "fp", SHORT);
    advance(SHORT.plusMillis(1));
    ClaimResult retry =
        await()
            .atMost(PATIENCE)
            .until(
                () -> store.keyClaim(claim("k1", "fp", LONG)),
                r -> r instanceof ClaimResult.Claimed);
    String fresh = ((ClaimResult.Claimed) retry).token();

    // The slow first owner finishes late: it must neither overwrite nor remove the new claim.
    assertThat(store.keyComplete(complete("k1", slow, response(200, "stale")))).isFalse();
    assertThat(store.keyRelease(new KeyReleaseParams(scope, "k1", slow))).isFalse();
    assertThat(store.keyComplete(complete("k1", fresh, response(200, "fresh")))).isTrue();
    assertThat(((ClaimResult.Completed) store.keyClaim(claim("k1", "fp", LONG))).response())
        .isEqualTo(response(200, "fresh"));
  }

  @Test
  void completedOutcomeExpiresAfterTheRetention() {
    try (IdempotencyStore shortLived = createStore(SHORT)) {
      String token = claimedIn(shortLived, "k1", "fp", LONG);
      assertThat(shortLived.keyComplete(complete("k1", token, response(200, "x")))).isTrue();
      advance(SHORT.plusMillis(1));
      await()
          .atMost(PATIENCE)
          .until(
              () -> shortLived.keyClaim(claim("k1", "fp", LONG)),
              r -> r instanceof ClaimResult.Claimed);
    }
  }

  @Test
  void pruningDeletesExpiredRecordsOnly() {
    claimed("expires", "fp", SHORT);
    claimed("lives", "fp", LONG);
    advance(SHORT.plusMillis(1));
    long[] pruned = {0};
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              pruned[0] += store.keyPruneExpired();
              return prunesExpired()
                  ? pruned[0] >= 1
                  : store.keyClaim(claim("expires", "fp", LONG)) instanceof ClaimResult.Claimed;
            });
    if (!prunesExpired()) {
      assertThat(pruned[0]).isZero();
    }
    assertThat(store.keyClaim(claim("lives", "fp", LONG))).isInstanceOf(ClaimResult.InFlight.class);
  }

  @Test
  void scopesNeverCollide() {
    IdempotencyScope a = IdempotencyScope.of("a:b", "c");
    IdempotencyScope b = IdempotencyScope.of("a", "b:c");
    IdempotencyScope other = IdempotencyScope.of(scope.tenant() + "-other", scope.operation());
    for (IdempotencyScope s : List.of(a, b, other)) {
      ClaimResult r = store.keyClaim(new KeyClaimParams(s, "shared:key", "fp-" + s.id(), LONG));
      assertThat(r).as("claim in %s", s).isInstanceOf(ClaimResult.Claimed.class);
      String token = ((ClaimResult.Claimed) r).token();
      assertThat(
              store.keyComplete(
                  new KeyCompleteParams(s, "shared:key", token, response(200, s.id()))))
          .isTrue();
    }
    for (IdempotencyScope s : List.of(a, b, other)) {
      ClaimResult r = store.keyClaim(new KeyClaimParams(s, "shared:key", "fp-" + s.id(), LONG));
      assertThat(((ClaimResult.Completed) r).response().bodyUtf8()).isEqualTo(s.id());
    }
  }

  @Test
  void concurrentClaimsHaveExactlyOneWinner() throws Exception {
    int callers = 50;
    List<ClaimResult> results = runTogether(callers, () -> store.keyClaim(claim("k1", "fp", LONG)));
    assertThat(results).filteredOn(r -> r instanceof ClaimResult.Claimed).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof ClaimResult.InFlight).hasSize(callers - 1);
  }

  // ---- through the executor ----

  @Test
  void hundredConcurrentRequestsRunTheOperationOnce() throws Exception {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    AtomicInteger runs = new AtomicInteger();
    IdempotentResponse created = response(201, "order-1");
    List<Object> outcomes =
        runTogether(
            100,
            () -> {
              try {
                return executor.execute(
                    scope,
                    "order-key",
                    "fp",
                    () -> {
                      runs.incrementAndGet();
                      return created;
                    });
              } catch (IdempotencyConflictException e) {
                return e;
              }
            });

    assertThat(runs).hasValue(1);
    assertThat(outcomes)
        .allSatisfy(
            o -> {
              if (o instanceof IdempotencyResult r) {
                assertThat(r.response()).isEqualTo(created);
              } else {
                assertThat(o).isInstanceOf(IdempotencyConflictException.class);
                assertThat(((IdempotencyConflictException) o).retryAfter()).isPresent();
              }
            });
    assertThat(outcomes)
        .filteredOn(o -> o instanceof IdempotencyResult r && !r.replayed())
        .hasSize(1);
    // Once the first has finished, every repeat is a replay.
    IdempotencyResult later = executor.execute(scope, "order-key", "fp", () -> created);
    assertThat(later.replayed()).isTrue();
    assertThat(runs).hasValue(1);
  }

  @Test
  void repeatAfterTheRetentionRunsAgain() throws Exception {
    try (IdempotencyStore shortLived = createStore(SHORT)) {
      IdempotencyExecutor executor = IdempotencyExecutor.builder(shortLived).build();
      AtomicInteger runs = new AtomicInteger();
      IdempotentOperation op = () -> response(200, "run-" + runs.incrementAndGet());
      assertThat(executor.execute(scope, "k", "fp", op).response().bodyUtf8()).isEqualTo("run-1");
      advance(SHORT.plusMillis(1));
      IdempotencyResult again =
          await()
              .atMost(PATIENCE)
              .pollInterval(Duration.ofMillis(50))
              .until(() -> executor.execute(scope, "k", "fp", op), r -> !r.replayed());
      assertThat(again.response().bodyUtf8()).isEqualTo("run-2");
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  void serverErrorsAndFailuresAreNotStored() throws Exception {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    AtomicInteger runs = new AtomicInteger();

    IdempotencyResult failed =
        executor.execute(
            scope,
            "k",
            "fp",
            () -> {
              runs.incrementAndGet();
              return response(503, "busy");
            });
    assertThat(failed.response().status()).isEqualTo(503);
    assertThat(failed.replayed()).isFalse();

    assertThatThrownBy(
            () ->
                executor.execute(
                    scope,
                    "k",
                    "fp",
                    () -> {
                      runs.incrementAndGet();
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");

    IdempotencyResult ok =
        executor.execute(
            scope,
            "k",
            "fp",
            () -> {
              runs.incrementAndGet();
              return response(201, "done");
            });
    assertThat(ok.replayed()).isFalse();
    assertThat(runs).hasValue(3);

    IdempotencyResult replay = executor.execute(scope, "k", "fp", () -> response(500, "never"));
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.response()).isEqualTo(response(201, "done"));
  }

  @Test
  void clientErrorsAreStoredAndReplayed() throws Exception {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    AtomicInteger runs = new AtomicInteger();
    IdempotentOperation declined =
        () -> {
          runs.incrementAndGet();
          return response(402, "card declined");
        };
    executor.execute(scope, "k", "fp", declined);
    IdempotencyResult replay = executor.execute(scope, "k", "fp", declined);
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.response().status()).isEqualTo(402);
    assertThat(runs).hasValue(1);
  }

  @Test
  void mismatchIsReportedBeforeInFlight() throws Exception {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<IdempotencyResult> first =
          pool.submit(
              () ->
                  executor.execute(
                      scope,
                      "k",
                      "fp-a",
                      () -> {
                        started.countDown();
                        assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                        return response(201, "a");
                      }));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> executor.execute(scope, "k", "fp-b", () -> response(201, "b")))
          .isInstanceOf(IdempotencyKeyMismatchException.class)
          .satisfies(e -> assertThat(((IdempotencyException) e).status()).isEqualTo(422));
      assertThatThrownBy(() -> executor.execute(scope, "k", "fp-a", () -> response(201, "a2")))
          .isInstanceOf(IdempotencyConflictException.class)
          .satisfies(e -> assertThat(((IdempotencyException) e).status()).isEqualTo(409));

      finish.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS).response().bodyUtf8()).isEqualTo("a");
    }
    assertThatThrownBy(() -> executor.execute(scope, "k", "fp-b", () -> response(201, "b")))
        .isInstanceOf(IdempotencyKeyMismatchException.class);
  }

  @Test
  void tenantsWithTheSameKeyNeverSeeEachOthersResponse() throws Exception {
    IdempotencyExecutor executor = IdempotencyExecutor.builder(store).build();
    IdempotencyScope alice = IdempotencyScope.of("alice-" + UUID.randomUUID(), "POST /payments");
    IdempotencyScope bob = IdempotencyScope.of("bob-" + UUID.randomUUID(), "POST /payments");
    IdempotencyResult a = executor.execute(alice, "same-key", "fp", () -> response(201, "alice"));
    IdempotencyResult b = executor.execute(bob, "same-key", "fp", () -> response(201, "bob"));
    assertThat(a.replayed()).isFalse();
    assertThat(b.replayed()).isFalse();
    assertThat(b.response().bodyUtf8()).isEqualTo("bob");
    assertThat(
            executor
                .execute(alice, "same-key", "fp", () -> response(201, "x"))
                .response()
                .bodyUtf8())
        .isEqualTo("alice");
  }

  @Test
  void waitingForInFlightReplaysTheFirstOutcome() throws Exception {
    IdempotencyExecutor executor =
        IdempotencyExecutor.builder(store).waitForInFlight(Duration.ofSeconds(30)).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<IdempotencyResult> first =
          pool.submit(
              () ->
                  executor.execute(
                      scope,
                      "k",
                      "fp",
                      () -> {
                        runs.incrementAndGet();
                        started.countDown();
                        assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                        return response(201, "first");
                      }));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      Future<IdempotencyResult> second =
          pool.submit(
              () ->
                  executor.execute(
                      scope,
                      "k",
                      "fp",
                      () -> {
                        runs.incrementAndGet();
                        return response(201, "second");
                      }));
      finish.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS).replayed()).isFalse();
      IdempotencyResult waited = second.get(30, TimeUnit.SECONDS);
      assertThat(waited.replayed()).isTrue();
      assertThat(waited.response().bodyUtf8()).isEqualTo("first");
    }
    assertThat(runs).hasValue(1);
  }

  // ---- helpers ----

  KeyClaimParams claim(String key, String fingerprint, Duration lease) {
    return new KeyClaimParams(scope, key, fingerprint, lease);
  }

  KeyCompleteParams complete(String key, String token, IdempotentResponse response) {
    return new KeyCompleteParams(scope, key, token, response);
  }

  String claimed(String key, String fingerprint) {
    return claimed(key, fingerprint, LONG);
  }

  String claimed(String key, String fingerprint, Duration lease) {
    return claimedIn(store, key, fingerprint, lease);
  }

  String claimedIn(IdempotencyStore s, String key, String fingerprint, Duration lease) {
    ClaimResult r = s.keyClaim(claim(key, fingerprint, lease));
    assertThat(r).isInstanceOf(ClaimResult.Claimed.class);
    return ((ClaimResult.Claimed) r).token();
  }

  static IdempotentResponse response(int status, String body) {
    return new IdempotentResponse(
        status,
        Map.of("Content-Type", List.of("text/plain")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs {@code callers} copies of {@code task} on virtual threads released together. */
  static <T> List<T> runTogether(int callers, java.util.concurrent.Callable<T> task)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return task.call();
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    }
  }
}
