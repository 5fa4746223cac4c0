package dev.keel.jobs;

import java.time.Instant;

/**
 * What a recorded failure led to.
 *
 * @param state {@link JobState#RETRYING} (runs again at {@code nextRunAt}) or {@link JobState#DEAD}
 * @param nextRunAt when the retry is due; null when dead
 */
public record FailOutcome(JobState state, Instant nextRunAt) {}
