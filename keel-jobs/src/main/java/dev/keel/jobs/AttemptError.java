package dev.keel.jobs;

import java.time.Instant;

/**
 * One failed attempt in a job's envelope. Kept across retries and replays until the job is pruned.
 *
 * @param attempt the attempt number, from 1
 * @param workerId the worker that ran the attempt
 * @param startedAt when the attempt was claimed (database clock)
 * @param failedAt when the failure was recorded (database clock)
 * @param type error type (exception class, or {@code "keel.LeaseExpired"} when the lease ran out)
 * @param message error message, may be empty
 * @param stack stack trace, may be empty
 */
public record AttemptError(
    int attempt,
    String workerId,
    Instant startedAt,
    Instant failedAt,
    String type,
    String message,
    String stack) {

  /** The error type the rescuer records when a lease expired. */
  public static final String LEASE_EXPIRED = "keel.LeaseExpired";
}
