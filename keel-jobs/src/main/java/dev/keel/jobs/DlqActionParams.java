package dev.keel.jobs;

/**
 * Parameters of {@link JobStore#dlqReplay} and {@link JobStore#dlqDiscard}: one dead job by id, or
 * every dead job matching a filter.
 *
 * @param jobId one job; null to use {@code filter}
 * @param filter the entries when {@code jobId} is null
 */
public record DlqActionParams(Long jobId, DlqFilter filter) {

  /** One job. */
  public static DlqActionParams one(long jobId) {
    return new DlqActionParams(jobId, null);
  }

  /** Every match of {@code filter}. */
  public static DlqActionParams matching(DlqFilter filter) {
    return new DlqActionParams(null, filter == null ? DlqFilter.ALL : filter);
  }
}
