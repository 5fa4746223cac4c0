package dev.keel.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * What a running handler knows about its job and can do with its lease. One instance per attempt;
 * safe to use from threads the handler starts.
 */
public interface JobContext {

  /** The job id. */
  long jobId();

  /** The queue. */
  String queue();

  /** The job type. */
  String type();

  /** This attempt's number, from 1. */
  int attempt();

  /** Attempts allowed. */
  int maxAttempts();

  /** The owner that enqueued the job. */
  String ownerId();

  /**
   * A key that is the same in every attempt of this job (and differs between jobs): pass it as the
   * {@code Idempotency-Key} of downstream calls so at-least-once runs have exactly-once effects.
   */
  String idempotencyKey();

  /** The worker running this attempt. */
  String workerId();

  /** The current lease deadline (database clock). */
  Instant leaseExpiresAt();

  /**
   * Extends the lease to the database's now plus {@code duration}; later automatic heartbeats keep
   * that length.
   *
   * @return the new deadline
   * @throws LeaseLostException if the lease was already lost; stop working
   */
  Instant extendLease(Duration duration);

  /** True once the lease is known to be lost (the handler is also interrupted). */
  boolean leaseLost();

  /** Records a result, stored as JSON with the completed job. */
  void result(Object value);
}
