package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once with the database: the claim, the business write (a row in {@code orders}) and the
 * stored outcome commit or roll back together. Subclasses provide a SQL store and the table.
 */
abstract class TransactionalExecutionContract {

  TransactionalIdempotencyStore store;
  IdempotencyExecutor executor;
  IdempotencyScope scope;

  /** The store, on a database that has an {@code orders(ref text)} table named {@link #orders}. */
  abstract TransactionalIdempotencyStore store();

  /** The qualified name of the business table. */
  abstract String orders();

  /** Kills the database session of {@code tx}, as a crash would. */
  abstract void crashSession(Connection tx) throws SQLException;

  @BeforeEach
  void setUp() {
    store = store();
    executor = IdempotencyExecutor.builder(store).build();
    scope = IdempotencyScope.of("tenant-" + UUID.randomUUID(), "POST /orders");
  }

  @Test
  void businessRowAndRecordCommitTogetherAndARepeatWritesNothing() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    TransactionalOperation placeOrder = tx -> placeOrder(tx, "order-1", runs);

    IdempotencyResult first = executor.executeInTransaction(scope, "k", "fp", placeOrder);
    IdempotencyResult second = executor.executeInTransaction(scope, "k", "fp", placeOrder);

    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isTrue();
    assertThat(second.response()).isEqualTo(first.response());
    assertThat(runs).hasValue(1);
    assertThat(orderCount("order-1")).isEqualTo(1);
    // The non-transactional path sees the same record.
    assertThat(executor.execute(scope, "k", "fp", () -> IdempotentResponse.ofUtf8("x")).replayed())
        .isTrue();
  }

  @Test
  void aFailureRollsBackTheBusinessWriteAndTheClaim() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                executor.executeInTransaction(
                    scope,
                    "k",
                    "fp",
                    tx -> {
                      placeOrder(tx, "order-2", runs);
                      throw new IllegalStateException("payment provider said no");
                    }))
        .hasMessage("payment provider said no");
    assertThat(orderCount("order-2")).isZero();

    IdempotencyResult retry =
        executor.executeInTransaction(scope, "k", "fp", tx -> placeOrder(tx, "order-2", runs));
    assertThat(retry.replayed()).isFalse();
    assertThat(runs).hasValue(2);
    assertThat(orderCount("order-2")).isEqualTo(1);
  }

  @Test
  void aServerErrorRollsBackAndIsNotStored() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    IdempotencyResult failed =
        executor.executeInTransaction(
            scope,
            "k",
            "fp",
            tx -> {
              placeOrder(tx, "order-3", runs);
              return IdempotentResponse.of(503, new byte[0]);
            });
    assertThat(failed.response().status()).isEqualTo(503);
    assertThat(orderCount("order-3")).isZero();
    assertThat(
            executor
                .executeInTransaction(scope, "k", "fp", tx -> placeOrder(tx, "order-3", runs))
                .replayed())
        .isFalse();
    assertThat(orderCount("order-3")).isEqualTo(1);
  }

  @Test
  void aCrashBetweenSideEffectAndRecordCannotCauseASecondRun() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    // The session dies after the business write and before the outcome is recorded.
    assertThatThrownBy(
            () ->
                executor.executeInTransaction(
                    scope,
                    "k",
                    "fp",
                    tx -> {
                      IdempotentResponse r = placeOrder(tx, "order-4", runs);
                      crashSession(tx);
                      return r;
                    }))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(orderCount("order-4")).as("the write died with its record").isZero();

    // The client retries: the order is placed exactly once, and further retries replay it.
    executor.executeInTransaction(scope, "k", "fp", tx -> placeOrder(tx, "order-4", runs));
    assertThat(
            executor
                .executeInTransaction(scope, "k", "fp", tx -> placeOrder(tx, "order-4", runs))
                .replayed())
        .isTrue();
    assertThat(orderCount("order-4")).isEqualTo(1);
  }

  @Test
  void aDifferentRequestWithTheSameKeyIsAMismatchAndWritesNothing() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    executor.executeInTransaction(scope, "k", "fp-a", tx -> placeOrder(tx, "order-5", runs));
    assertThatThrownBy(
            () ->
                executor.executeInTransaction(
                    scope, "k", "fp-b", tx -> placeOrder(tx, "order-5b", runs)))
        .isInstanceOf(IdempotencyKeyMismatchException.class);
    assertThat(orderCount("order-5b")).isZero();
    assertThat(runs).hasValue(1);
  }

  @Test
  void concurrentRetriesPlaceTheOrderOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    List<Object> outcomes =
        IdempotencyStoreContract.runTogether(
            20,
            () -> {
              try {
                return executor.executeInTransaction(
                    scope, "k", "fp", tx -> placeOrder(tx, "order-6", runs));
              } catch (IdempotencyConflictException e) {
                return e;
              }
            });
    assertThat(runs).hasValue(1);
    assertThat(orderCount("order-6")).isEqualTo(1);
    assertThat(outcomes)
        .filteredOn(o -> o instanceof IdempotencyResult r && !r.replayed())
        .hasSize(1);
    assertThat(outcomes)
        .allSatisfy(
            o ->
                assertThat(o)
                    .isInstanceOfAny(IdempotencyResult.class, IdempotencyConflictException.class));
  }

  @Test
  void aRepeatWhileTheFirstRunsIsRefusedWith409AndThenReplays() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<IdempotencyResult> first = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                first.complete(
                    executor.executeInTransaction(
                        scope,
                        "k",
                        "fp",
                        tx -> {
                          IdempotentResponse r = placeOrder(tx, "order-7", runs);
                          entered.countDown();
                          release.await();
                          return r;
                        }));
              } catch (Throwable t) {
                first.completeExceptionally(t);
              }
            });
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

    // In flight: refused at once with a Retry-After, not queued behind the first's transaction.
    assertThatThrownBy(
            () ->
                executor.executeInTransaction(
                    scope, "k", "fp", tx -> placeOrder(tx, "order-7", runs)))
        .isInstanceOfSatisfying(
            IdempotencyConflictException.class, e -> assertThat(e.retryAfter()).isPresent());

    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).replayed()).isFalse();
    IdempotencyResult repeat =
        executor.executeInTransaction(scope, "k", "fp", tx -> placeOrder(tx, "order-7", runs));
    assertThat(repeat.replayed()).isTrue();
    assertThat(runs).hasValue(1);
    assertThat(orderCount("order-7")).isEqualTo(1);
  }

  IdempotentResponse placeOrder(Connection tx, String ref, AtomicInteger runs) throws SQLException {
    runs.incrementAndGet();
    try (PreparedStatement ps =
        tx.prepareStatement("INSERT INTO " + orders() + " (ref) VALUES (?)")) {
      ps.setString(1, ref);
      ps.executeUpdate();
    }
    return IdempotentResponse.of(201, ("created " + ref).getBytes(StandardCharsets.UTF_8));
  }

  long orderCount(String ref) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM " + orders() + " WHERE ref = ?")) {
      ps.setString(1, ref);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
