package dev.keel.idempotency;

import java.sql.Connection;

/**
 * Work that writes to the same database as the idempotency store, inside the transaction that also
 * holds the claim and will hold the stored outcome. It must use {@code tx} for its writes and must
 * not commit, roll back or close it: {@link IdempotencyExecutor#executeInTransaction} owns the
 * transaction.
 */
@FunctionalInterface
public interface TransactionalOperation {

  /** Does the work on {@code tx} and describes its outcome. */
  IdempotentResponse run(Connection tx) throws Exception;
}
