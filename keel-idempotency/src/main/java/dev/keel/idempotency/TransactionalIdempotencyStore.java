package dev.keel.idempotency;

import java.sql.Connection;
import javax.sql.DataSource;

/**
 * A SQL-backed {@link IdempotencyStore} that can claim and complete inside a caller's transaction,
 * so a key, its stored outcome and the operation's own writes commit or roll back together. Used by
 * {@link IdempotencyExecutor#executeInTransaction}.
 *
 * <p>Inside a transaction the in-flight marker is never visible to others: a concurrent request
 * with the same key waits on the row (PostgreSQL) or on the database write lock (SQLite) until the
 * first transaction ends, then sees the stored outcome, or claims the key if it rolled back.
 */
public interface TransactionalIdempotencyStore extends IdempotencyStore {

  /** The data source the store and the operation share. */
  DataSource dataSource();

  /**
   * Like {@link #keyClaim(KeyClaimParams)} but on {@code tx}, without committing.
   *
   * @throws StoreUnavailableException if the statement fails
   */
  ClaimResult keyClaim(Connection tx, KeyClaimParams params);

  /**
   * Like {@link #keyComplete(KeyCompleteParams)} but on {@code tx}, without committing.
   *
   * @throws StoreUnavailableException if the statement fails
   */
  boolean keyComplete(Connection tx, KeyCompleteParams params);

  /**
   * Like {@link #keyRelease(KeyReleaseParams)} but on {@code tx}, without committing.
   *
   * @throws StoreUnavailableException if the statement fails
   */
  boolean keyRelease(Connection tx, KeyReleaseParams params);
}
