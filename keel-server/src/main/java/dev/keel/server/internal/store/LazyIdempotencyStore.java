package dev.keel.server.internal.store;

import dev.keel.idempotency.ClaimResult;
import dev.keel.idempotency.IdempotencyStore;
import dev.keel.idempotency.KeyClaimParams;
import dev.keel.idempotency.KeyCompleteParams;
import dev.keel.idempotency.KeyReleaseParams;
import dev.keel.idempotency.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Opens a store (Redis) on first use rather than at startup, so the server starts — not ready, and
 * failing idempotent requests closed with 503 — while Redis is down, and recovers by itself when it
 * comes back. Connection attempts are spaced by at least {@link #RETRY_EVERY}. Thread-safe.
 */
public final class LazyIdempotencyStore implements IdempotencyStore {

  static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  private final Supplier<IdempotencyStore> opener;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();

  /** The open store, null until a connection attempt succeeded. */
  private volatile IdempotencyStore delegate;

  /** When the last failed attempt was made (nanoTime), guarded by {@link #lock}. */
  private long lastAttempt;

  private StoreUnavailableException lastFailure;

  /** Opens with {@code opener} when first needed; {@code name} names the store before that. */
  public LazyIdempotencyStore(String name, Supplier<IdempotencyStore> opener) {
    this.name = name;
    this.opener = opener;
  }

  private IdempotencyStore store() {
    IdempotencyStore d = delegate;
    if (d != null) {
      return d;
    }
    lock.lock();
    try {
      if (delegate != null) {
        return delegate;
      }
      long now = System.nanoTime();
      if (lastFailure != null && now - lastAttempt < RETRY_EVERY.toNanos()) {
        throw lastFailure;
      }
      lastAttempt = now;
      try {
        delegate = opener.get();
        lastFailure = null;
        return delegate;
      } catch (StoreUnavailableException e) {
        lastFailure = e;
        throw e;
      } catch (RuntimeException e) {
        lastFailure = new StoreUnavailableException("cannot open the " + name + " store", e);
        throw lastFailure;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ClaimResult keyClaim(KeyClaimParams params) {
    return store().keyClaim(params);
  }

  @Override
  public boolean keyComplete(KeyCompleteParams params) {
    return store().keyComplete(params);
  }

  @Override
  public boolean keyRelease(KeyReleaseParams params) {
    return store().keyRelease(params);
  }

  @Override
  public long keyPruneExpired() {
    IdempotencyStore d = delegate;
    return d == null ? 0 : d.keyPruneExpired();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {
    IdempotencyStore d = delegate;
    if (d != null) {
      d.close();
    }
  }
}
