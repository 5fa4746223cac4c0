package dev.keel.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one job as stored: its status, attempts, errors and timestamps. A dead job is its
 * own dead-letter entry, so this is also the DLQ envelope.
 *
 * @param id the job id
 * @param queue its queue
 * @param type the job type handlers are registered for
 * @param payloadJson the payload as compact JSON
 * @param state the current state
 * @param priority 1 (runs first) to 9; default 5
 * @param attempt attempts made so far (claims), reset to 0 by a DLQ replay
 * @param maxAttempts attempts allowed before the job goes to the DLQ
 * @param ownerId the owner (tenant) that enqueued it
 * @param operationHash the dedup hash, or null when enqueued without dedup
 * @param idempotencyKey a key stable across all attempts, for calls made downstream
 * @param runAt when the job is (or was last) due
 * @param enqueuedAt when it was enqueued
 * @param attemptedAt when the last attempt started, or null
 * @param finishedAt when it completed, died, was cancelled or discarded, or null
 * @param workerId the worker of the last attempt, or null
 * @param leaseExpiresAt the lease deadline while running, else null
 * @param resultJson the result a handler recorded, or null
 * @param errors every failed attempt, oldest first
 */
public record Job(
    long id,
    String queue,
    String type,
    String payloadJson,
    JobState state,
    int priority,
    int attempt,
    int maxAttempts,
    String ownerId,
    String operationHash,
    String idempotencyKey,
    Instant runAt,
    Instant enqueuedAt,
    Instant attemptedAt,
    Instant finishedAt,
    String workerId,
    Instant leaseExpiresAt,
    String resultJson,
    List<AttemptError> errors) {

  /** Copies the error list. */
  public Job {
    errors = List.copyOf(errors);
  }
}
