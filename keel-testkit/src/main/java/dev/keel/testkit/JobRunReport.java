package dev.keel.testkit;

import dev.keel.jobs.JobState;
import java.util.List;

/**
 * What one {@link JobsTestSupport#runAll()} or {@link JobsTestSupport#runDue()} did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param attempts handler invocations
 * @param completed attempts that completed their job
 * @param retried failed attempts after which the job was scheduled again
 * @param deadLettered failed attempts after which the job went to the DLQ
 * @param failures every failed attempt, in order
 */
public record JobRunReport(
    int attempts, int completed, int retried, int deadLettered, List<AttemptFailure> failures) {

  /** Copies the list. */
  public JobRunReport {
    failures = List.copyOf(failures);
  }

  /**
   * One failed attempt.
   *
   * @param jobId the job
   * @param type its type
   * @param attempt the attempt number, from 1
   * @param error what the handler threw
   * @param next the state the job moved to: {@code RETRYING} or {@code DEAD}
   */
  public record AttemptFailure(
      long jobId, String type, int attempt, Throwable error, JobState next) {}
}
