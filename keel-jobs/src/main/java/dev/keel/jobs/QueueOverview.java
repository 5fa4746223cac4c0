package dev.keel.jobs;

/**
 * A queue as {@code GET /v1/queues} shows it: the store's view across nodes plus this node's
 * settings (limits, target).
 *
 * @param config the queue's settings (configured, or {@code default}'s for implicit queues)
 * @param stats counts by state, DLQ depth, oldest available age, start-latency percentiles
 */
public record QueueOverview(QueueConfig config, QueueStats stats) {}
