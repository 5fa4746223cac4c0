package dev.keel.jobs;

import java.time.Duration;

/**
 * Parameters of {@link JobStore#jobHeartbeat}: set the lease deadline to the database's now plus
 * {@code extendBy}, fenced by the lease token.
 *
 * @param id the job
 * @param leaseToken the current lease token
 * @param extendBy the new lease length from now, positive
 */
public record JobHeartbeatParams(long id, String leaseToken, Duration extendBy) {}
