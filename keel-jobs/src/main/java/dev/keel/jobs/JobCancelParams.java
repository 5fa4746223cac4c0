package dev.keel.jobs;

/**
 * Parameters of {@link JobStore#jobCancel}.
 *
 * @param id the job to cancel if it has not started
 */
public record JobCancelParams(long id) {}
