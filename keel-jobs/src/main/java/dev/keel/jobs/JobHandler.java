package dev.keel.jobs;

/**
 * Runs jobs of one type. Returning normally completes the job (after the completion commits);
 * throwing fails the attempt: it is retried with backoff, or dead-lettered when attempts are spent
 * or the exception is a {@link NonRetryableException}.
 *
 * <p>Handlers run at least once per job and may run more than once (a worker can die after the work
 * but before the acknowledgement): make effects idempotent, e.g. with {@link
 * JobContext#idempotencyKey()}. A handler is interrupted when its lease is lost or the node shuts
 * down past its grace period.
 *
 * @param <T> the payload type, read from JSON with Jackson
 */
@FunctionalInterface
public interface JobHandler<T> {

  /** Does the work for one attempt. */
  void handle(JobContext context, T payload) throws Exception;
}
