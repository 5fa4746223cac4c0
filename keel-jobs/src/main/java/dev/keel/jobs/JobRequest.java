package dev.keel.jobs;

import dev.keel.jobs.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job to enqueue. Content is validated by {@link Jobs#enqueue(JobRequest)} (queue name, type,
 * payload size and JSON syntax, delays, attempts), which throws {@link InvalidJobException} and
 * writes nothing when something is wrong.
 *
 * @param queue queue name [{@code default}]
 * @param type job type handlers are registered for; required
 * @param payloadJson the payload as JSON text; required
 * @param ownerId owner (tenant) scoping dedup [{@code default}]
 * @param key explicit dedup key replacing the payload hash; null for none
 * @param runAt run no earlier than this instant; null for now (or {@code delay})
 * @param delay run after this delay from the database's now; null for none; not with {@code runAt}
 * @param priority 1 (first) to 9; null for 5
 * @param maxAttempts attempts before the DLQ; null for the job type's or global default [5]
 * @param deduplicate false to skip the dedup ledger for this job [true]
 */
public record JobRequest(
    String queue,
    String type,
    String payloadJson,
    String ownerId,
    String key,
    Instant runAt,
    Duration delay,
    Integer priority,
    Integer maxAttempts,
    boolean deduplicate) {

  /** A builder for a job of {@code type}. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** A job of {@code type} with {@code payload} serialised to JSON, in the default queue. */
  public static JobRequest of(String type, Object payload) {
    return builder(type).payload(payload).build();
  }

  /** Builds {@link JobRequest}s. Not thread-safe. */
  public static final class Builder {
    private String queue = QueueConfig.DEFAULT;
    private final String type;
    private String payloadJson;
    private String ownerId = "default";
    private String key;
    private Instant runAt;
    private Duration delay;
    private Integer priority;
    private Integer maxAttempts;
    private boolean deduplicate = true;

    private Builder(String type) {
      this.type = type;
    }

    /** The queue [{@code default}]. */
    public Builder queue(String value) {
      this.queue = value;
      return this;
    }

    /** The payload, serialised to JSON with Jackson. */
    public Builder payload(Object value) {
      this.payloadJson = Json.write(value);
      return this;
    }

    /** The payload as JSON text (validated on enqueue). */
    public Builder payloadJson(String value) {
      this.payloadJson = value;
      return this;
    }

    /** The owner [{@code default}]. */
    public Builder ownerId(String value) {
      this.ownerId = value;
      return this;
    }

    /** An explicit dedup key. */
    public Builder key(String value) {
      this.key = value;
      return this;
    }

    /** Run no earlier than {@code value}. */
    public Builder runAt(Instant value) {
      this.runAt = value;
      return this;
    }

    /** Run after {@code value}. */
    public Builder delay(Duration value) {
      this.delay = value;
      return this;
    }

    /** Priority 1 (first) to 9 [5]. */
    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    /** Attempts before the DLQ. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** Whether to deduplicate [true]. */
    public Builder deduplicate(boolean value) {
      this.deduplicate = value;
      return this;
    }

    /** The request (validated on enqueue). */
    public JobRequest build() {
      Objects.requireNonNull(type, "type");
      return new JobRequest(
          queue, type, payloadJson, ownerId, key, runAt, delay, priority, maxAttempts, deduplicate);
    }
  }
}
