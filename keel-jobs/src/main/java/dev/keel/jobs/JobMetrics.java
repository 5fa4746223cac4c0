package dev.keel.jobs;

import java.time.Duration;

/**
 * Where {@link Jobs} reports what happens; every method has a no-op default. {@link
 * MicrometerJobMetrics} binds it to Micrometer. Implementations must be thread-safe and fast.
 */
public interface JobMetrics {

  /** Reports nothing. */
  JobMetrics NOOP = new JobMetrics() {};

  /** A job was enqueued (or found to be a duplicate). */
  default void enqueued(String queue, String type, boolean duplicate) {}

  /** A job started; {@code target} is the queue's start-latency target or null for best effort. */
  default void started(String queue, String type, Duration startLatency, Duration target) {}

  /** A job completed (its acknowledgement committed). */
  default void completed(String queue, String type, Duration duration) {}

  /** An attempt failed; {@code next} is {@link JobState#RETRYING} or {@link JobState#DEAD}. */
  default void failed(String queue, String type, Duration duration, JobState next) {}

  /** A worker lost a lease (its result was discarded). */
  default void leaseLost(String queue, String type) {}

  /** The rescuer moved expired leases. */
  default void rescued(int retried, int dead) {}

  /** A fresh snapshot of a queue's depth by state (from the maintenance leader). */
  default void queueDepth(QueueStats stats) {}

  /** A queue's DLQ depth reached the alert threshold. */
  default void dlqAlert(String queue, long depth, long threshold) {}
}
