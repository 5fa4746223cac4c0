package dev.keel.jobs;

import java.time.Duration;
import java.util.List;

/**
 * Parameters of {@link JobStore#jobInsertMany}: rows inserted in one transaction.
 *
 * @param jobs the rows, in order; results come back in the same order
 * @param dedupRetention how long a dedup ledger entry blocks duplicates
 * @param admission token buckets to take from in the same transaction (one per queue concerned;
 *     empty for none); if any is short, nothing is written and {@link RateLimitedException} is
 *     thrown
 */
public record JobInsertParams(
    List<JobInsert> jobs, Duration dedupRetention, List<TokenBucketParams> admission) {

  /** Copies the lists. */
  public JobInsertParams {
    jobs = List.copyOf(jobs);
    admission = List.copyOf(admission);
  }
}
