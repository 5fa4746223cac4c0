package dev.keel.jobs;

/**
 * One completion in {@link JobStore#jobCompleteMany}.
 *
 * @param id the job
 * @param leaseToken the lease token of the claim
 * @param resultJson the result as JSON, or null
 */
public record JobAck(long id, String leaseToken, String resultJson) {}
