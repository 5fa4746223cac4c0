package dev.keel.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Parameters of {@link JobStore#jobClaim}: claim up to {@code max} due jobs of one queue, ordered
 * by priority, due time and id, in one statement.
 *
 * @param queue the queue
 * @param workerId recorded on each claimed job
 * @param max at most this many, at least 1
 * @param visibilityTimeout the lease length, added to the database's now
 * @param types only these job types; null for any
 * @param excludeTypes never these job types; empty for none
 * @param typeLimit when not null, {@code types} must hold exactly one type and the claim keeps the
 *     number of running jobs of that type across all nodes at or below this limit
 * @param startLimit an optional starts-per-second bucket: the claim asks it for {@code max} tokens
 *     (partially) and claims at most what it grants; null for none
 */
public record JobClaimParams(
    String queue,
    String workerId,
    int max,
    Duration visibilityTimeout,
    Set<String> types,
    Set<String> excludeTypes,
    Integer typeLimit,
    TokenBucketParams startLimit) {

  /** Validates. */
  public JobClaimParams {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    if (visibilityTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "visibilityTimeout must be positive, was " + visibilityTimeout);
    }
    types = types == null ? null : Set.copyOf(types);
    excludeTypes = excludeTypes == null ? Set.of() : Set.copyOf(excludeTypes);
    if (typeLimit != null && (types == null || types.size() != 1)) {
      throw new IllegalArgumentException("typeLimit needs exactly one type in types");
    }
  }

  /** A plain claim of any type. */
  public static JobClaimParams of(
      String queue, String workerId, int max, Duration visibilityTimeout) {
    return new JobClaimParams(queue, workerId, max, visibilityTimeout, null, Set.of(), null, null);
  }
}
