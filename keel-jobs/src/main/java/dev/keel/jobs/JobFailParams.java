package dev.keel.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of {@link JobStore#jobFail}: record the error in the envelope, then retry after {@code
 * retryDelay} (if retryable and attempts remain) or dead-letter. Fenced by the lease token.
 *
 * @param id the job
 * @param leaseToken the current lease token
 * @param error what went wrong
 * @param retryable false dead-letters at once
 * @param retryDelay delay before the retry, from the database's now
 */
public record JobFailParams(
    long id, String leaseToken, JobError error, boolean retryable, Duration retryDelay) {

  /** Null checks. */
  public JobFailParams {
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(retryDelay, "retryDelay");
  }
}
