package dev.keel.jobs;

import java.util.Locale;

/**
 * The life cycle of a job. A job is in exactly one state; every change of state is one of the
 * transitions allowed by {@link #canTransitionTo(JobState)} (diagram in {@code
 * keel-jobs/README.md}).
 *
 * <ul>
 *   <li>{@link #SCHEDULED}: waiting for its {@code runAt}.
 *   <li>{@link #AVAILABLE}: ready to be claimed.
 *   <li>{@link #RUNNING}: claimed under a lease by a worker.
 *   <li>{@link #RETRYING}: an attempt failed; waits for its backoff, then is claimable again.
 *   <li>{@link #COMPLETED}: finished successfully (final).
 *   <li>{@link #DEAD}: failed for good; the job is its own dead-letter-queue entry.
 *   <li>{@link #DISCARDED}: a dead job that an operator discarded (final).
 *   <li>{@link #CANCELLED}: cancelled before it ran (final).
 * </ul>
 */
public enum JobState {
  SCHEDULED,
  AVAILABLE,
  RUNNING,
  RETRYING,
  COMPLETED,
  DEAD,
  DISCARDED,
  CANCELLED;

  /** The lower-case name stored in the database and shown in the API. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a stored name such as {@code "running"}. */
  public static JobState fromDb(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** True for states a job never leaves: completed, discarded and cancelled. */
  public boolean isFinal() {
    return switch (this) {
      case COMPLETED, DISCARDED, CANCELLED -> true;
      case SCHEDULED, AVAILABLE, RUNNING, RETRYING, DEAD -> false;
    };
  }

  /** True for states a worker may claim from (once {@code runAt} is due). */
  public boolean isClaimable() {
    return switch (this) {
      case SCHEDULED, AVAILABLE, RETRYING -> true;
      case RUNNING, COMPLETED, DEAD, DISCARDED, CANCELLED -> false;
    };
  }

  /**
   * Whether a job may move from this state to {@code next}. The stores' SQL encodes the same table
   * in its {@code WHERE} clauses; this switch is the single place that documents it.
   */
  public boolean canTransitionTo(JobState next) {
    return switch (this) {
      // due, claimed, or cancelled before it started
      case SCHEDULED -> next == AVAILABLE || next == RUNNING || next == CANCELLED;
      case AVAILABLE -> next == RUNNING || next == CANCELLED;
      case RETRYING -> next == AVAILABLE || next == RUNNING || next == CANCELLED;
      // finished, failed (retry or dead-letter), lease expired (rescued), or released on shutdown
      case RUNNING -> next == COMPLETED || next == RETRYING || next == DEAD || next == AVAILABLE;
      // replayed or discarded from the DLQ
      case DEAD -> next == AVAILABLE || next == DISCARDED;
      case COMPLETED, DISCARDED, CANCELLED -> false;
    };
  }
}
