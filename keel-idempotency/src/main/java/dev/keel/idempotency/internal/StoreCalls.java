package dev.keel.idempotency.internal;

import dev.keel.core.KeelClock;
import dev.keel.idempotency.ClaimResult;
import dev.keel.idempotency.IdempotencyMetrics;
import dev.keel.idempotency.IdempotencyMetrics.StoreOperation;
import dev.keel.idempotency.IdempotencyStore;
import dev.keel.idempotency.KeyClaimParams;
import dev.keel.idempotency.KeyCompleteParams;
import dev.keel.idempotency.KeyReleaseParams;
import dev.keel.idempotency.StoreUnavailableException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Store calls with latency and error metrics. Any runtime failure of a store becomes a {@link
 * StoreUnavailableException}, so a buggy or broken store fails closed instead of letting an
 * operation run twice.
 */
public final class StoreCalls {

  private final IdempotencyStore store;
  private final IdempotencyMetrics metrics;
  private final KeelClock clock;
  private final Duration retryAfter;

  /** Calls on {@code store}, recorded in {@code metrics}, timed by {@code clock}. */
  public StoreCalls(
      IdempotencyStore store, IdempotencyMetrics metrics, KeelClock clock, Duration retryAfter) {
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
    this.retryAfter = retryAfter;
  }

  /** {@link IdempotencyStore#keyClaim}, timed. */
  public ClaimResult claim(KeyClaimParams params) {
    return timed(StoreOperation.CLAIM, () -> store.keyClaim(params));
  }

  /** {@link IdempotencyStore#keyComplete}, timed. */
  public boolean complete(KeyCompleteParams params) {
    return timed(StoreOperation.COMPLETE, () -> store.keyComplete(params));
  }

  /** {@link IdempotencyStore#keyRelease}, timed. */
  public boolean release(KeyReleaseParams params) {
    return timed(StoreOperation.RELEASE, () -> store.keyRelease(params));
  }

  /** Runs {@code call}, recording its latency and, if it fails, an error. */
  public <T> T timed(StoreOperation operation, Supplier<T> call) {
    long start = clock.nanoTime();
    try {
      return call.get();
    } catch (StoreUnavailableException e) {
      metrics.storeError(operation);
      throw e;
    } catch (RuntimeException e) {
      metrics.storeError(operation);
      throw new StoreUnavailableException(
          "idempotency store " + store.name() + " failed: " + e, retryAfter, e);
    } finally {
      metrics.storeLatency(operation, Duration.ofNanos(clock.nanoTime() - start));
    }
  }
}
