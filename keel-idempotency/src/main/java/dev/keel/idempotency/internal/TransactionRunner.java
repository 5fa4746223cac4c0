package dev.keel.idempotency.internal;

import dev.keel.core.KeelClock;
import dev.keel.idempotency.ClaimResult;
import dev.keel.idempotency.IdempotencyConflictException;
import dev.keel.idempotency.IdempotencyKeyMismatchException;
import dev.keel.idempotency.IdempotencyMetrics;
import dev.keel.idempotency.IdempotencyMetrics.Outcome;
import dev.keel.idempotency.IdempotencyMetrics.StoreOperation;
import dev.keel.idempotency.IdempotencyResult;
import dev.keel.idempotency.IdempotentResponse;
import dev.keel.idempotency.KeyClaimParams;
import dev.keel.idempotency.KeyCompleteParams;
import dev.keel.idempotency.KeyReleaseParams;
import dev.keel.idempotency.OversizeBehavior;
import dev.keel.idempotency.StoreUnavailableException;
import dev.keel.idempotency.TransactionalIdempotencyStore;
import dev.keel.idempotency.TransactionalOperation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code IdempotencyExecutor.executeInTransaction}: claim, operation and stored outcome
 * in one transaction on one connection, committed together or rolled back together. On SQLite the
 * whole transaction holds the file's in-process writer lock (its first statement, the claim, is a
 * write), so it queues behind the other Keel stores' writes instead of meeting them at the file.
 */
public final class TransactionRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);

  private final TransactionalIdempotencyStore store;

  /** The SQLite file's writer lock, held from open to close of the transaction; or null. */
  private final Lock writeLock;

  private final IdempotencyMetrics metrics;
  private final StoreCalls calls;
  private final Duration retryAfter;
  private final int maxResponseBytes;
  private final OversizeBehavior oversize;

  /** A runner with the executor's settings. */
  public TransactionRunner(
      TransactionalIdempotencyStore store,
      Lock writeLock,
      IdempotencyMetrics metrics,
      KeelClock clock,
      Duration retryAfter,
      int maxResponseBytes,
      OversizeBehavior oversize) {
    this.store = store;
    this.writeLock = writeLock;
    this.metrics = metrics;
    this.calls = new StoreCalls(store, metrics, clock, retryAfter);
    this.retryAfter = retryAfter;
    this.maxResponseBytes = maxResponseBytes;
    this.oversize = oversize;
  }

  /** Claims, runs and records in one transaction. */
  public IdempotencyResult run(KeyClaimParams params, TransactionalOperation operation)
      throws Exception {
    if (writeLock == null) {
      return runLocked(params, operation);
    }
    writeLock.lock();
    try {
      return runLocked(params, operation);
    } finally {
      writeLock.unlock();
    }
  }

  private IdempotencyResult runLocked(KeyClaimParams params, TransactionalOperation operation)
      throws Exception {
    Connection tx = open();
    boolean committed = false;
    try {
      ClaimResult claim = calls.timed(StoreOperation.CLAIM, () -> store.keyClaim(tx, params));
      switch (claim) {
        case ClaimResult.Completed c -> {
          metrics.request(Outcome.REPLAY);
          return new IdempotencyResult(c.response(), IdempotencyResult.Source.REPLAYED);
        }
        case ClaimResult.Mismatch m -> {
          metrics.request(Outcome.MISMATCH);
          throw new IdempotencyKeyMismatchException(
              "this idempotency key was already used with a different request; send a new key"
                  + " for a new operation");
        }
        case ClaimResult.InFlight f -> {
          metrics.request(Outcome.CONFLICT);
          throw new IdempotencyConflictException(
              "a request with this idempotency key is still in progress; retry later",
              f.retryAfter());
        }
        case ClaimResult.Claimed c -> {
          metrics.request(Outcome.MISS);
          IdempotentResponse response =
              Objects.requireNonNull(operation.run(tx), "operation returned null");
          if (response.isServerError()) {
            return new IdempotencyResult(response, IdempotencyResult.Source.EXECUTED);
          }
          record(tx, params, c.token(), response);
          commit(tx);
          committed = true;
          return new IdempotencyResult(response, IdempotencyResult.Source.EXECUTED);
        }
      }
    } finally {
      finish(tx, committed);
    }
  }

  private void record(
      Connection tx, KeyClaimParams params, String token, IdempotentResponse response) {
    if (response.bodyLength() <= maxResponseBytes) {
      complete(tx, params, token, response);
      return;
    }
    LOG.warn(
        "idempotent outcome for {} is {} bytes, over the limit of {}; {}",
        params.scope().operation(),
        response.bodyLength(),
        maxResponseBytes,
        oversize == OversizeBehavior.RELEASE
            ? "committed without a record, a retry will run again"
            : "stored without its body");
    if (oversize == OversizeBehavior.RELEASE) {
      calls.timed(
          StoreOperation.RELEASE,
          () -> store.keyRelease(tx, new KeyReleaseParams(params.scope(), params.key(), token)));
    } else {
      var headers = new LinkedHashMap<>(response.headers());
      headers.put("idempotent-body-omitted", List.of("true"));
      complete(tx, params, token, new IdempotentResponse(response.status(), headers, new byte[0]));
    }
  }

  private void complete(
      Connection tx, KeyClaimParams params, String token, IdempotentResponse response) {
    boolean done =
        calls.timed(
            StoreOperation.COMPLETE,
            () ->
                store.keyComplete(
                    tx, new KeyCompleteParams(params.scope(), params.key(), token, response)));
    if (!done) {
      // Cannot happen while we hold the row in this transaction; refuse rather than commit
      // business writes without their record.
      throw new IllegalStateException(
          "the idempotency claim vanished inside its own transaction; rolled back");
    }
  }

  private Connection open() {
    try {
      Connection tx = store.dataSource().getConnection();
      try {
        tx.setAutoCommit(false);
      } catch (SQLException e) {
        tx.close();
        throw e;
      }
      return tx;
    } catch (SQLException e) {
      metrics.storeError(StoreOperation.CLAIM);
      metrics.request(Outcome.UNAVAILABLE);
      throw new StoreUnavailableException(
          "cannot open a transaction on the idempotency database: " + e.getMessage(),
          retryAfter,
          e);
    }
  }

  private void commit(Connection tx) {
    try {
      tx.commit();
    } catch (SQLException e) {
      metrics.storeError(StoreOperation.COMPLETE);
      throw new StoreUnavailableException(
          "commit of the idempotent transaction failed; nothing was recorded: " + e.getMessage(),
          retryAfter,
          e);
    }
  }

  private static void finish(Connection tx, boolean committed) {
    try (tx) {
      if (!committed) {
        tx.rollback();
      }
      tx.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.warn("could not roll back or close an idempotent transaction: {}", e.getMessage());
    }
  }
}
