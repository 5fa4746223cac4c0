package dev.keel.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated job row for {@link JobStore#jobInsertMany}. {@link Jobs} builds these from {@link
 * JobRequest}s after validation; a store trusts them.
 *
 * @param queue a valid queue name
 * @param type the job type
 * @param payloadJson compact, well-formed JSON
 * @param ownerId the owner, part of the dedup key
 * @param operationHash the dedup hash, or null for no dedup
 * @param idempotencyKey stable key for downstream calls
 * @param priority 1..9
 * @param maxAttempts at least 1
 * @param runAt absolute due time, or null to use {@code delayMillis} on the database clock
 * @param delayMillis delay from the database's now when {@code runAt} is null; at least 0
 */
public record JobInsert(
    String queue,
    String type,
    String payloadJson,
    String ownerId,
    String operationHash,
    String idempotencyKey,
    int priority,
    int maxAttempts,
    Instant runAt,
    long delayMillis) {

  /** Null checks only; {@link Jobs} validates content. */
  public JobInsert {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadJson, "payloadJson");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
