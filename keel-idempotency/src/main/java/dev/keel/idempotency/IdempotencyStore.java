package dev.keel.idempotency;

/**
 * Where idempotency records live: the SPI behind {@link IdempotencyExecutor}. Keel ships a Redis, a
 * PostgreSQL, a SQLite and an in-memory implementation, all checked by one conformance suite.
 *
 * <p>A record is either <em>in flight</em> (claimed, with a token and a lease) or
 * <em>completed</em> (with the stored response and a retention). Expired records behave as absent.
 * Implementations must make {@link #keyClaim} atomic: of many concurrent claims of an absent key
 * exactly one gets {@link ClaimResult.Claimed}. Completion and release are compare-and-set on the
 * token, so a slow owner whose lease expired can never overwrite or remove a newer claim.
 *
 * <p>Implementations are thread-safe. A store that cannot reach its backend throws {@link
 * StoreUnavailableException}; it never guesses.
 */
public interface IdempotencyStore extends AutoCloseable {

  /**
   * Claims the key atomically, or reports what holds it.
   *
   * @return {@link ClaimResult.Claimed} if the key was absent or expired; {@link
   *     ClaimResult.Mismatch} if a live record has another fingerprint; otherwise {@link
   *     ClaimResult.InFlight} or {@link ClaimResult.Completed}
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  ClaimResult keyClaim(KeyClaimParams params);

  /**
   * Stores the outcome of a claim and keeps it for the store's retention.
   *
   * @return true if the claim with this token was still in flight and is now completed; false if
   *     the lease expired or another claim owns the key (nothing is written then)
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  boolean keyComplete(KeyCompleteParams params);

  /**
   * Removes an in-flight claim so that a retry can run (after a failure or a 5xx).
   *
   * @return true if the claim with this token existed and was removed
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  boolean keyRelease(KeyReleaseParams params);

  /**
   * Deletes expired records. Stores whose backend expires records itself (Redis) return 0.
   *
   * @return the number of records deleted
   * @throws StoreUnavailableException if the backend cannot be reached
   */
  default long keyPruneExpired() {
    return 0;
  }

  /** A short name for logs and metrics, e.g. {@code "redis"}. */
  String name();

  /** Releases connections the store owns; never throws. */
  @Override
  void close();
}
