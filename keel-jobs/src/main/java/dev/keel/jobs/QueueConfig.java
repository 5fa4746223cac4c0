package dev.keel.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of one queue: its worker pool on this node, its lease length, its start-latency target
 * and its admission limits.
 *
 * @param name 1-64 letters, digits, {@code .}, {@code _} or {@code -}
 * @param concurrency jobs this node runs at once from this queue [16; {@code batch}: 8]
 * @param visibilityTimeout lease length of a claim [30 s]; heartbeats run every third of it
 * @param startLatencyTarget how soon a due job should start [{@code high_priority} 30 s, {@code
 *     default} 5 min]; null for best effort ({@code batch})
 * @param pollInterval how often an idle worker polls when no wake-up arrives [1 s]
 * @param enqueueLimit admission token bucket on enqueue, shared by all nodes; null for none
 * @param startLimit limit on job starts per second, shared by all nodes; null for none
 */
public record QueueConfig(
    String name,
    int concurrency,
    Duration visibilityTimeout,
    Duration startLatencyTarget,
    Duration pollInterval,
    RateLimit enqueueLimit,
    RateLimit startLimit) {

  /** Queue names: 1-64 letters, digits, dot, underscore, hyphen. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** The tier for work that must start within 30 s. */
  public static final String HIGH_PRIORITY = "high_priority";

  /** The tier for ordinary work (5 min target); also the template of implicit queues. */
  public static final String DEFAULT = "default";

  /** The best-effort tier for bulk work. */
  public static final String BATCH = "batch";

  /** Validates; a bad value fails here, naming the field. */
  public QueueConfig {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    if (concurrency < 0 || concurrency > 10_000) {
      throw new IllegalArgumentException("concurrency must be in 0..10000, was " + concurrency);
    }
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    if (visibilityTimeout.toMillis() < 100) {
      throw new IllegalArgumentException(
          "visibilityTimeout must be at least 100 ms, was " + visibilityTimeout);
    }
    if (startLatencyTarget != null && startLatencyTarget.toMillis() <= 0) {
      throw new IllegalArgumentException(
          "startLatencyTarget must be positive or null (best effort), was " + startLatencyTarget);
    }
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "pollInterval must be at least 10 ms, was " + pollInterval);
    }
  }

  /** The {@code default} tier's settings under another name (implicit queues). */
  public static QueueConfig defaults(String name) {
    return new QueueConfig(
        name, 16, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(1), null, null);
  }

  /** {@code high_priority}: 16 workers, 30 s target. */
  public static QueueConfig highPriority() {
    return defaults(HIGH_PRIORITY).withStartLatencyTarget(Duration.ofSeconds(30));
  }

  /** {@code default}: 16 workers, 5 min target. */
  public static QueueConfig defaultTier() {
    return defaults(DEFAULT);
  }

  /** {@code batch}: 8 workers, best effort. */
  public static QueueConfig batch() {
    return defaults(BATCH).withConcurrency(8).withStartLatencyTarget(null);
  }

  /** A copy with another concurrency. */
  public QueueConfig withConcurrency(int value) {
    return new QueueConfig(
        name, value, visibilityTimeout, startLatencyTarget, pollInterval, enqueueLimit, startLimit);
  }

  /** A copy with another visibility timeout. */
  public QueueConfig withVisibilityTimeout(Duration value) {
    return new QueueConfig(
        name, concurrency, value, startLatencyTarget, pollInterval, enqueueLimit, startLimit);
  }

  /** A copy with another start-latency target (null: best effort). */
  public QueueConfig withStartLatencyTarget(Duration value) {
    return new QueueConfig(
        name, concurrency, visibilityTimeout, value, pollInterval, enqueueLimit, startLimit);
  }

  /** A copy with another poll interval. */
  public QueueConfig withPollInterval(Duration value) {
    return new QueueConfig(
        name, concurrency, visibilityTimeout, startLatencyTarget, value, enqueueLimit, startLimit);
  }

  /** A copy with an enqueue admission limit (null: none). */
  public QueueConfig withEnqueueLimit(RateLimit value) {
    return new QueueConfig(
        name, concurrency, visibilityTimeout, startLatencyTarget, pollInterval, value, startLimit);
  }

  /** A copy with a starts-per-second limit (null: none). */
  public QueueConfig withStartLimit(RateLimit value) {
    return new QueueConfig(
        name,
        concurrency,
        visibilityTimeout,
        startLatencyTarget,
        pollInterval,
        enqueueLimit,
        value);
  }
}
