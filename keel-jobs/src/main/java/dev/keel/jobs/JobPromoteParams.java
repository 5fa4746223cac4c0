package dev.keel.jobs;

/**
 * Parameters of {@link JobStore#jobPromoteDue}.
 *
 * @param limit at most this many due jobs per call, at least 1
 */
public record JobPromoteParams(int limit) {

  /** Validates. */
  public JobPromoteParams {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
