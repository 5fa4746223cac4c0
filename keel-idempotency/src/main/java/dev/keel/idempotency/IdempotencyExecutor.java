package dev.keel.idempotency;

import dev.keel.core.Backoff;
import dev.keel.core.KeelClock;
import dev.keel.idempotency.IdempotencyMetrics.Outcome;
import dev.keel.idempotency.internal.KeyFormat;
import dev.keel.idempotency.internal.StoreCalls;
import dev.keel.idempotency.internal.TransactionRunner;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs an operation at most once per idempotency key and answers repeats from the store.
 *
 * <p>{@link #execute} checks, in this order: the key's shape ({@link
 * InvalidIdempotencyKeyException}, 400); then claims the key atomically. A live record with another
 * fingerprint is a {@link IdempotencyKeyMismatchException} (422) — checked before the in-flight
 * state; a record in flight is an {@link IdempotencyConflictException} (409 with the remaining
 * lease as {@code Retry-After}) unless {@link Builder#waitForInFlight(Duration)} is set, in which
 * case the call polls with backoff until the first finishes; a completed record is replayed. The
 * claim's owner runs the operation and stores its outcome — successes and client errors only. A
 * thrown exception or a 5xx outcome releases the claim so a retry can run.
 *
 * <p>If the store cannot be reached to claim, the executor fails closed by default ({@link
 * StoreUnavailableException}, 503; the operation does not run) or, when configured, runs the
 * operation unprotected ({@link StoreFailureMode#FAIL_OPEN}). Either way it logs and counts it. If
 * the store fails after the operation ran, the outcome is still returned; the claim then expires
 * after its lease, after which a retry runs again (the crash boundary).
 *
 * <p>Usable outside HTTP: message consumers and job handlers pass the message id as the key.
 * Thread-safe; build one per store and share it.
 */
public final class IdempotencyExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyExecutor.class);

  /** The MDC entry that holds the idempotency key while the operation runs. */
  public static final String MDC_KEY = "idempotency_key";

  /** The response header that marks a stored body that was dropped for being too large. */
  public static final String BODY_OMITTED_HEADER = "Idempotent-Body-Omitted";

  private final IdempotencyStore store;
  private final Duration lease;
  private final int maxResponseBytes;
  private final OversizeBehavior oversize;
  private final StoreFailureMode failureMode;
  private final Duration unavailableRetryAfter;
  private final Duration maxWait;
  private final Backoff waitBackoff;
  private final KeelClock clock;
  private final IdempotencyMetrics metrics;
  private final StoreCalls calls;

  /**
   * Keys whose {@link #executeInTransaction} runs in this process now. Inside a transaction the
   * claim is invisible to others, so without this a repeat would queue behind the first's row or
   * write lock and then replay; with it, a repeat gets 409 at once, as when the in-flight marker is
   * visible (unless {@link Builder#waitForInFlight} asks to wait). Repeats from other processes
   * still wait on the database.
   */
  private final Set<InFlightKey> inTransaction = ConcurrentHashMap.newKeySet();

  private record InFlightKey(IdempotencyScope scope, String key) {}

  /** Retry-After for a repeat refused while the first runs in a transaction here. */
  private static final Duration IN_TRANSACTION_RETRY_AFTER = Duration.ofSeconds(1);

  private IdempotencyExecutor(Builder b) {
    this.store = b.store;
    this.lease = b.lease;
    this.maxResponseBytes = b.maxResponseBytes;
    this.oversize = b.oversize;
    this.failureMode = b.failureMode;
    this.unavailableRetryAfter = b.unavailableRetryAfter;
    this.maxWait = b.maxWait;
    this.waitBackoff = b.waitBackoff;
    this.clock = b.clock;
    this.metrics = b.metrics;
    this.calls = new StoreCalls(store, metrics, clock, unavailableRetryAfter);
  }

  /** A builder for an executor over {@code store}, with the defaults listed on each setter. */
  public static Builder builder(IdempotencyStore store) {
    return new Builder(store);
  }

  /**
   * Runs {@code operation} once for this scoped key, or answers from the store.
   *
   * @param scope tenant and operation the key belongs to
   * @param key the client's key: 1–255 printable ASCII characters; {@code null} means missing
   * @param fingerprint a digest of the request, e.g. from {@link RequestFingerprinter}
   * @param operation the work; runs only if this call owns the claim
   * @return the response and whether it was replayed
   * @throws InvalidIdempotencyKeyException if the key is missing or malformed (400)
   * @throws IdempotencyKeyMismatchException if the key was used with another fingerprint (422)
   * @throws IdempotencyConflictException if the key is in flight (409)
   * @throws StoreUnavailableException if the store is down and the executor fails closed (503)
   * @throws Exception whatever {@code operation} throws, unchanged, after releasing the claim
   */
  public IdempotencyResult execute(
      IdempotencyScope scope, String key, String fingerprint, IdempotentOperation operation)
      throws Exception {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(operation, "operation");
    validate(key);
    KeyClaimParams params = new KeyClaimParams(scope, key, fingerprint, lease);
    ClaimResult claim;
    try {
      claim = calls.claim(params);
    } catch (StoreUnavailableException e) {
      return storeDown(scope, operation, e);
    }
    long waitStart = clock.nanoTime();
    Duration previousDelay = Duration.ZERO;
    for (int attempt = 0; ; attempt++) {
      switch (claim) {
        case ClaimResult.Claimed claimed -> {
          metrics.request(Outcome.MISS);
          return runClaimed(scope, key, claimed.token(), operation);
        }
        case ClaimResult.Completed completed -> {
          metrics.request(Outcome.REPLAY);
          return new IdempotencyResult(completed.response(), IdempotencyResult.Source.REPLAYED);
        }
        case ClaimResult.Mismatch mismatch -> {
          metrics.request(Outcome.MISMATCH);
          throw new IdempotencyKeyMismatchException(
              "this idempotency key was already used with a different request; send a new key"
                  + " for a new operation");
        }
        case ClaimResult.InFlight inFlight -> {
          Duration waited = Duration.ofNanos(clock.nanoTime() - waitStart);
          Duration remaining = maxWait.minus(waited);
          if (remaining.isNegative() || remaining.isZero()) {
            metrics.request(Outcome.CONFLICT);
            throw new IdempotencyConflictException(
                "a request with this idempotency key is still in progress; retry later",
                inFlight.retryAfter());
          }
          Duration delay = waitBackoff.delay(attempt, previousDelay, ThreadLocalRandom.current());
          previousDelay = delay;
          Thread.sleep(min(min(delay, remaining), inFlight.retryAfter()).plusMillis(1));
          try {
            claim = calls.claim(params);
          } catch (StoreUnavailableException e) {
            metrics.request(Outcome.UNAVAILABLE);
            throw e;
          }
        }
      }
    }
  }

  /**
   * Runs {@code operation} once for this scoped key inside one database transaction that also holds
   * the claim and the stored outcome: the key, the outcome and the operation's writes commit or
   * roll back together, so a crash between a side effect and its record cannot cause a second run.
   * A thrown exception or a 5xx outcome rolls everything back. An outcome over the size limit is
   * committed without a stored record ({@link OversizeBehavior#RELEASE}) or with its body dropped
   * ({@link OversizeBehavior#STORE_WITHOUT_BODY}). Always fails closed: the database is the
   * operation's own.
   *
   * @throws IllegalStateException if the store is not a {@link TransactionalIdempotencyStore}
   * @throws InvalidIdempotencyKeyException if the key is missing or malformed (400)
   * @throws IdempotencyKeyMismatchException if the key was used with another fingerprint (422)
   * @throws IdempotencyConflictException if a non-transactional claim holds the key (409)
   * @throws StoreUnavailableException if the database cannot be reached (503)
   * @throws Exception whatever {@code operation} throws, after rolling back
   */
  public IdempotencyResult executeInTransaction(
      IdempotencyScope scope, String key, String fingerprint, TransactionalOperation operation)
      throws Exception {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(operation, "operation");
    if (!(store instanceof TransactionalIdempotencyStore sql)) {
      throw new IllegalStateException(
          "executeInTransaction needs a SQL store (PostgreSQL or SQLite); this executor uses "
              + store.name());
    }
    validate(key);
    InFlightKey inFlight = new InFlightKey(scope, key);
    boolean refuseRepeats = maxWait.isZero();
    if (refuseRepeats && !inTransaction.add(inFlight)) {
      metrics.request(Outcome.CONFLICT);
      throw new IdempotencyConflictException(
          "a request with this idempotency key is still in progress; retry later",
          IN_TRANSACTION_RETRY_AFTER);
    }
    try {
      Lock writeLock = sql instanceof JdbcIdempotencyStore j ? j.writeLock() : null;
      return new TransactionRunner(
              sql, writeLock, metrics, clock, unavailableRetryAfter, maxResponseBytes, oversize)
          .run(new KeyClaimParams(scope, key, fingerprint, lease), operation);
    } finally {
      if (refuseRepeats) {
        inTransaction.remove(inFlight);
      }
    }
  }

  /**
   * Checks a key as {@link #execute} would, counting a refusal; lets adapters refuse a bad key
   * before reading the request body.
   *
   * @throws InvalidIdempotencyKeyException if the key is missing or malformed
   */
  public void checkKey(String key) {
    validate(key);
  }

  /** The store this executor uses. */
  public IdempotencyStore store() {
    return store;
  }

  private void validate(String key) {
    try {
      KeyFormat.validate(key);
    } catch (InvalidIdempotencyKeyException e) {
      metrics.request(Outcome.INVALID_KEY);
      throw e;
    }
  }

  private IdempotencyResult runClaimed(
      IdempotencyScope scope, String key, String token, IdempotentOperation operation)
      throws Exception {
    IdempotentResponse response;
    try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_KEY, key)) {
      response = Objects.requireNonNull(operation.run(), "operation returned null");
    } catch (Exception | Error e) {
      releaseQuietly(scope, key, token, "the operation failed");
      throw e;
    }
    if (response.isServerError()) {
      releaseQuietly(scope, key, token, "the outcome was a server error");
      return new IdempotencyResult(response, IdempotencyResult.Source.EXECUTED);
    }
    IdempotentResponse toStore = response;
    if (response.bodyLength() > maxResponseBytes) {
      LOG.warn(
          "idempotent outcome for {} is {} bytes, over the limit of {}; {}",
          scope.operation(),
          response.bodyLength(),
          maxResponseBytes,
          oversize == OversizeBehavior.RELEASE
              ? "not stored, a retry will run again"
              : "stored without its body");
      if (oversize == OversizeBehavior.RELEASE) {
        releaseQuietly(scope, key, token, "the outcome was too large to store");
        return new IdempotencyResult(response, IdempotencyResult.Source.EXECUTED);
      }
      toStore = withoutBody(response);
    }
    try {
      if (!calls.complete(new KeyCompleteParams(scope, key, token, toStore))) {
        LOG.warn(
            "idempotency claim for {} expired before the operation finished (lease {}); its"
                + " outcome was not stored and a retry may run again: raise the lease",
            scope.operation(),
            lease);
      }
    } catch (StoreUnavailableException e) {
      LOG.error(
          "could not store the outcome for {}: {}; the claim expires after its lease and a retry"
              + " then runs again",
          scope.operation(),
          e.getMessage());
    }
    return new IdempotencyResult(response, IdempotencyResult.Source.EXECUTED);
  }

  /** The outcome without its body, marked so a replay says what happened. */
  static IdempotentResponse withoutBody(IdempotentResponse response) {
    var headers = new java.util.LinkedHashMap<>(response.headers());
    headers.put(BODY_OMITTED_HEADER.toLowerCase(java.util.Locale.ROOT), java.util.List.of("true"));
    return new IdempotentResponse(response.status(), headers, new byte[0]);
  }

  private void releaseQuietly(IdempotencyScope scope, String key, String token, String why) {
    try {
      calls.release(new KeyReleaseParams(scope, key, token));
    } catch (StoreUnavailableException e) {
      LOG.error(
          "could not release the idempotency claim for {} after {}: {}; a retry is refused until"
              + " the lease ({}) expires",
          scope.operation(),
          why,
          e.getMessage(),
          lease);
    }
  }

  private IdempotencyResult storeDown(
      IdempotencyScope scope, IdempotentOperation operation, StoreUnavailableException e)
      throws Exception {
    if (failureMode == StoreFailureMode.FAIL_CLOSED) {
      metrics.request(Outcome.UNAVAILABLE);
      LOG.warn(
          "idempotency store {} unavailable, refusing {} (fail closed): {}",
          store.name(),
          scope.operation(),
          e.getMessage());
      throw e.withRetryAfter(unavailableRetryAfter);
    }
    metrics.request(Outcome.FAIL_OPEN);
    LOG.warn(
        "idempotency store {} unavailable, running {} WITHOUT idempotency protection (fail open):"
            + " {}",
        store.name(),
        scope.operation(),
        e.getMessage());
    return new IdempotencyResult(
        Objects.requireNonNull(operation.run(), "operation returned null"),
        IdempotencyResult.Source.EXECUTED_UNPROTECTED);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Configures an {@link IdempotencyExecutor}. Not thread-safe; {@link #build()} validates and
   * takes an immutable snapshot.
   */
  public static final class Builder {
    private final IdempotencyStore store;
    private Duration lease = Duration.ofSeconds(30);
    private int maxResponseBytes = 1024 * 1024;
    private OversizeBehavior oversize = OversizeBehavior.RELEASE;
    private StoreFailureMode failureMode = StoreFailureMode.FAIL_CLOSED;
    private Duration unavailableRetryAfter = Duration.ofSeconds(5);
    private Duration maxWait = Duration.ZERO;
    private Backoff waitBackoff = Backoff.of(Duration.ofMillis(50), Duration.ofSeconds(1));
    private KeelClock clock = KeelClock.system();
    private IdempotencyMetrics metrics = IdempotencyMetrics.NOOP;

    private Builder(IdempotencyStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * How long an in-flight claim lives if its owner never finishes (e.g. the process died) [30 s].
     * Longer than the slowest operation, or a retry may run while the first still runs. Separate
     * from the store's retention of completed outcomes.
     */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /** The largest body stored for replay [1 MiB = 1,048,576 bytes]. */
    public Builder maxResponseBytes(int maxResponseBytes) {
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * What happens to an outcome over {@link #maxResponseBytes} [{@link OversizeBehavior#RELEASE}].
     */
    public Builder oversize(OversizeBehavior oversize) {
      this.oversize = Objects.requireNonNull(oversize, "oversize");
      return this;
    }

    /** What happens when the store is down [{@link StoreFailureMode#FAIL_CLOSED}]. */
    public Builder storeFailureMode(StoreFailureMode mode) {
      this.failureMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The {@code Retry-After} suggested when the store is down [5 s]. */
    public Builder unavailableRetryAfter(Duration delay) {
      this.unavailableRetryAfter = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * Instead of answering 409 at once, wait up to {@code maxWait} for an in-flight request with
     * the same key to finish, polling the store with backoff, then replay its outcome [0: never
     * wait]. Waiting ties up the caller; keep it short.
     */
    public Builder waitForInFlight(Duration maxWait) {
      this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
      return this;
    }

    /** The polling backoff while waiting [50 ms doubling to 1 s, ±25 % jitter]. */
    public Builder waitBackoff(Backoff backoff) {
      this.waitBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** The clock for waiting and store latency [{@link KeelClock#system()}]. */
    public Builder clock(KeelClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where counts and latencies go [{@link IdempotencyMetrics#NOOP}]. */
    public Builder metrics(IdempotencyMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first bad setting and its value
     */
    public IdempotencyExecutor build() {
      if (lease.toMillis() < 1) {
        throw new IllegalArgumentException("lease must be at least 1 ms, was " + lease);
      }
      if (maxResponseBytes < 0) {
        throw new IllegalArgumentException(
            "maxResponseBytes must not be negative, was " + maxResponseBytes);
      }
      if (unavailableRetryAfter.isNegative()) {
        throw new IllegalArgumentException(
            "unavailableRetryAfter must not be negative, was " + unavailableRetryAfter);
      }
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("waitForInFlight must not be negative, was " + maxWait);
      }
      return new IdempotencyExecutor(this);
    }
  }
}
