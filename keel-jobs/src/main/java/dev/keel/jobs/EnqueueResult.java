package dev.keel.jobs;

/**
 * The confirmed outcome of one enqueue: returned only after the job (or the lookup of the original)
 * committed.
 *
 * @param jobId the new job's id, or for a duplicate the id of the job first enqueued with the same
 *     {@code (ownerId, operationHash)} (that job may since have been pruned)
 * @param duplicate true when no job was written because the operation was already enqueued within
 *     the dedup retention
 */
public record EnqueueResult(long jobId, boolean duplicate) {}
