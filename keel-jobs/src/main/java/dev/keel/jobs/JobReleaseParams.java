package dev.keel.jobs;

import java.util.Objects;

/**
 * Parameters of {@link JobStore#jobRelease}: give a running job back without counting the attempt.
 *
 * @param id the job
 * @param leaseToken the current lease token
 */
public record JobReleaseParams(long id, String leaseToken) {

  /** Null check. */
  public JobReleaseParams {
    Objects.requireNonNull(leaseToken, "leaseToken");
  }
}
