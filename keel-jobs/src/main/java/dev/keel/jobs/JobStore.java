package dev.keel.jobs;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The storage SPI under {@link Jobs}: every state change of a job is one method here, named
 * Noun+Verb with one parameter record. Two implementations ship ({@link JobStores#postgres} and
 * {@link JobStores#sqlite}); both pass the same conformance suite.
 *
 * <p>Contract shared by all methods:
 *
 * <ul>
 *   <li>Every method is atomic: it commits fully or not at all, and returns only after the commit.
 *   <li>Times that matter for correctness (due times, lease deadlines) are computed on the
 *       database's clock, never the caller's.
 *   <li>Every change to a running job is fenced by its lease token: a stale token changes nothing
 *       and yields {@link LeaseLostException} (or is reported as lost for batch calls).
 *   <li>Failures of the database surface as {@link JobStoreException}.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface JobStore extends AutoCloseable {

  /** A short name for logs and metrics, e.g. {@code "postgres"}. */
  String name();

  /**
   * Inserts jobs in one transaction, deduplicating on {@code (ownerId, operationHash)}. Concurrent
   * inserts of one operation create exactly one job; the others get {@code duplicate=true} with the
   * first job's id.
   *
   * @return one result per input row, in order
   * @throws RateLimitedException when an admission bucket is short; nothing written
   */
  List<EnqueueResult> jobInsertMany(JobInsertParams params);

  /**
   * Like {@link #jobInsertMany(JobInsertParams)} but inside the caller's transaction on {@code
   * connection}, which the caller commits or rolls back (the jobs become visible on commit, and a
   * rollback removes them together with the caller's own rows). The connection must be to the same
   * database and have auto-commit off. The PostgreSQL store puts its schema first on the {@code
   * search_path} for its own statements and restores the caller's path afterwards.
   *
   * @throws IllegalArgumentException if the connection is in auto-commit mode
   */
  List<EnqueueResult> jobInsertMany(Connection connection, JobInsertParams params);

  /** The job with this id, if it exists (finished jobs until pruned). */
  Optional<Job> jobGet(long id);

  /**
   * Like {@link #jobGet(long)} but on the caller's connection, so it sees the caller's uncommitted
   * enqueues (see {@link #jobInsertMany(Connection, JobInsertParams)} for the connection's rules).
   */
  Optional<Job> jobGet(Connection connection, long id);

  /** Claims due jobs under a lease in one statement; may return fewer than asked, or none. */
  List<LeasedJob> jobClaim(JobClaimParams params);

  /**
   * Extends a lease.
   *
   * @return the new deadline (database clock)
   * @throws LeaseLostException if the token is not the job's current lease
   */
  Instant jobHeartbeat(JobHeartbeatParams params);

  /**
   * Completes jobs in one statement.
   *
   * @return the ids whose lease was lost (not completed); empty when all completed
   */
  Set<Long> jobCompleteMany(JobCompleteManyParams params);

  /**
   * Records a failure and moves the job to {@code retrying} or {@code dead}.
   *
   * @throws LeaseLostException if the token is not the job's current lease
   */
  FailOutcome jobFail(JobFailParams params);

  /**
   * Gives a running job back without counting the attempt (graceful shutdown): {@code running →
   * available}. Fenced by the token.
   *
   * @return false if the lease was already lost
   */
  boolean jobRelease(JobReleaseParams params);

  /**
   * Rescues jobs whose lease expired (database clock): back to {@code retrying} (due now) with a
   * {@link AttemptError#LEASE_EXPIRED} error recorded, or to {@code dead} when attempts are spent.
   * Touches only jobs still {@code running}, so never a job that finished.
   */
  RescueResult jobRescueExpired(JobRescueParams params);

  /** Marks due {@code scheduled}/{@code retrying} jobs {@code available}; returns the count. */
  int jobPromoteDue(JobPromoteParams params);

  /**
   * Cancels a job that has not started ({@code scheduled}, {@code available}, {@code retrying}).
   *
   * @return the job's state afterwards ({@code CANCELLED} on success; e.g. {@code RUNNING} when it
   *     could not be cancelled); empty if no such job
   */
  Optional<JobState> jobCancel(JobCancelParams params);

  /** Deletes completed, cancelled and discarded jobs finished longer ago than {@code olderThan}. */
  int jobPrune(PruneParams params);

  /** Deletes expired dedup ledger entries. */
  int dedupPrune(PruneParams params);

  /** Dead jobs matching a filter, newest first. */
  List<Job> dlqList(DlqListParams params);

  /**
   * Replays dead jobs: {@code dead → available}, attempts reset to 0, error history kept.
   *
   * @return how many were replayed
   */
  int dlqReplay(DlqActionParams params);

  /**
   * Discards dead jobs: {@code dead → discarded}.
   *
   * @return how many were discarded
   */
  int dlqDiscard(DlqActionParams params);

  /** Per-queue counts, DLQ depth, oldest available age and start-latency percentiles. */
  List<QueueStats> queueStats(QueueStatsParams params);

  /** Takes tokens from a shared bucket (own transaction). */
  TokenBucketResult tokenBucketTake(TokenBucketParams params);

  /**
   * Tries to become (or stay) the maintenance leader among the nodes sharing this store.
   * PostgreSQL: a session advisory lock held on a dedicated connection; SQLite: always true (one
   * process).
   */
  boolean leaderTryAcquire();

  /** Gives up leadership if held. */
  void leaderRelease();

  /**
   * Subscribes to wake-ups: {@code listener} receives a queue name when jobs may have become
   * available there (PostgreSQL: {@code LISTEN/NOTIFY}; SQLite: in-process after commit). Delivery
   * is best effort: workers also poll.
   *
   * @return closing it unsubscribes
   */
  AutoCloseable subscribe(Consumer<String> listener);

  /** Closes pools and listener connections. */
  @Override
  void close();
}
