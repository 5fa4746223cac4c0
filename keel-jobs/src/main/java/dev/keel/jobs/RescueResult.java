package dev.keel.jobs;

/**
 * What one pass of {@link JobStore#jobRescueExpired} did.
 *
 * @param retried expired leases made claimable again
 * @param dead expired leases whose attempts were spent, moved to the DLQ
 */
public record RescueResult(int retried, int dead) {}
