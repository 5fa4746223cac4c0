package dev.keel.jobs;

/**
 * Parameters of {@link JobStore#jobRescueExpired}.
 *
 * @param limit at most this many expired leases per call, at least 1
 */
public record JobRescueParams(int limit) {

  /** Validates. */
  public JobRescueParams {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
