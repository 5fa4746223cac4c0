package dev.keel.jobs;

import java.time.Duration;

/**
 * Parameters of {@link JobStore#jobPrune} and {@link JobStore#dedupPrune}.
 *
 * @param olderThan finished jobs whose {@code finishedAt} is older than this (ignored by dedup
 *     pruning, which removes expired entries)
 * @param limit at most this many rows per call, to keep transactions short
 */
public record PruneParams(Duration olderThan, int limit) {}
