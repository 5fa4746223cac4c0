package dev.keel.idempotency;

import dev.keel.core.KeelClock;
import dev.keel.idempotency.internal.Tokens;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link IdempotencyStore} in a {@link ConcurrentHashMap}, for tests and single-process
 * services. Records vanish with the process, so it protects against client retries but not across
 * restarts or between nodes.
 *
 * <p>Expiry follows an injected {@link KeelClock} (monotonic time), so tests can step through a
 * lease or the retention with {@link dev.keel.core.ManualClock}. Expired records are ignored at
 * once and removed by {@link #keyPruneExpired()}.
 *
 * <p>Thread-safe: each claim, completion and release is one atomic {@code compute} on the map.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  /** The default retention of a completed record: 15 minutes, as in Redis. */
  public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(15);

  /** Scope id + key to the live or expired record; never holds a null value. */
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private final KeelClock clock;
  private final Duration retention;

  private record Entry(
      String fingerprint, String token, IdempotentResponse response, long expiresAtNanos) {
    boolean completed() {
      return response != null;
    }
  }

  private InMemoryIdempotencyStore(KeelClock clock, Duration retention) {
    this.clock = clock;
    this.retention = retention;
  }

  /** A store on the system clock with the default retention of 15 minutes. */
  public static InMemoryIdempotencyStore create() {
    return create(KeelClock.system(), DEFAULT_RETENTION);
  }

  /**
   * A store with the given clock and retention.
   *
   * @throws IllegalArgumentException if {@code retention} is not positive
   */
  public static InMemoryIdempotencyStore create(KeelClock clock, Duration retention) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    return new InMemoryIdempotencyStore(clock, retention);
  }

  @Override
  public ClaimResult keyClaim(KeyClaimParams params) {
    long now = clock.nanoTime();
    AtomicReference<ClaimResult> result = new AtomicReference<>();
    entries.compute(
        id(params.scope(), params.key()),
        (id, existing) -> {
          if (existing == null || existing.expiresAtNanos - now <= 0) {
            String token = Tokens.next();
            result.set(new ClaimResult.Claimed(token));
            return new Entry(params.fingerprint(), token, null, now + params.lease().toNanos());
          }
          if (!existing.fingerprint.equals(params.fingerprint())) {
            result.set(new ClaimResult.Mismatch());
          } else if (existing.completed()) {
            result.set(new ClaimResult.Completed(existing.response, existing.fingerprint));
          } else {
            result.set(new ClaimResult.InFlight(Duration.ofNanos(existing.expiresAtNanos - now)));
          }
          return existing;
        });
    return result.get();
  }

  @Override
  public boolean keyComplete(KeyCompleteParams params) {
    long now = clock.nanoTime();
    boolean[] done = {false};
    entries.computeIfPresent(
        id(params.scope(), params.key()),
        (id, e) -> {
          if (!e.completed() && e.token.equals(params.token()) && e.expiresAtNanos - now > 0) {
            done[0] = true;
            return new Entry(e.fingerprint, e.token, params.response(), now + retention.toNanos());
          }
          return e;
        });
    return done[0];
  }

  @Override
  public boolean keyRelease(KeyReleaseParams params) {
    boolean[] done = {false};
    entries.computeIfPresent(
        id(params.scope(), params.key()),
        (id, e) -> {
          if (!e.completed() && e.token.equals(params.token())) {
            done[0] = true;
            return null;
          }
          return e;
        });
    return done[0];
  }

  @Override
  public long keyPruneExpired() {
    long now = clock.nanoTime();
    long removed = 0;
    for (var e : entries.entrySet()) {
      if (e.getValue().expiresAtNanos - now <= 0 && entries.remove(e.getKey(), e.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  /** The number of records held, expired or not (for tests). */
  public int size() {
    return entries.size();
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void close() {
    entries.clear();
  }

  private static String id(IdempotencyScope scope, String key) {
    return scope.id() + ":" + key;
  }
}
