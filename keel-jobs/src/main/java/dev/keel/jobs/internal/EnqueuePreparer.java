package dev.keel.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.jobs.InvalidJobException;
import dev.keel.jobs.JobInsert;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobsConfig;
import dev.keel.jobs.PayloadTooLargeException;
import dev.keel.jobs.QueueConfig;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Validates a {@link JobRequest} and turns it into a {@link JobInsert}: every check happens here,
 * before anything is written, and fails with an {@link InvalidJobException} naming the field.
 */
public final class EnqueuePreparer {

  static final int MAX_TYPE_CHARS = 128;
  static final int MAX_OWNER_CHARS = 256;
  static final int MAX_KEY_CHARS = 256;

  private final JobsConfig config;

  /** Max attempts for a type without its own: the handler's option or the global default. */
  private final ToIntFunction<String> maxAttemptsOfType;

  /** A preparer for {@code config}. */
  public EnqueuePreparer(JobsConfig config, ToIntFunction<String> maxAttemptsOfType) {
    this.config = config;
    this.maxAttemptsOfType = maxAttemptsOfType;
  }

  /** Checks a queue name (and that it exists when implicit creation is off). */
  public void checkQueue(String queue) {
    if (queue == null || !QueueConfig.NAME.matcher(queue).matches()) {
      throw new InvalidJobException(
          "queue",
          "queue name must be 1-64 letters, digits, '.', '_' or '-', was '" + shorten(queue) + "'");
    }
    if (!config.implicitQueues() && !config.queues().containsKey(queue)) {
      throw new InvalidJobException(
          "queue",
          "unknown queue '"
              + queue
              + "' and implicit queue creation is off; configure it or use one of "
              + config.queues().keySet());
    }
  }

  /** Validates and converts. */
  public JobInsert prepare(JobRequest r) {
    checkQueue(r.queue());
    String type = r.type();
    if (type == null || type.isBlank() || type.length() > MAX_TYPE_CHARS || hasControl(type)) {
      throw new InvalidJobException(
          "type", "job type must be 1-" + MAX_TYPE_CHARS + " printable characters");
    }
    if (r.payloadJson() == null) {
      throw new InvalidJobException("payload", "payload is required (use {} for none)");
    }
    int size = r.payloadJson().getBytes(StandardCharsets.UTF_8).length;
    if (size > config.maxPayloadBytes()) {
      throw new PayloadTooLargeException(size, config.maxPayloadBytes());
    }
    JsonNode payload;
    try {
      payload = Json.parse(r.payloadJson());
    } catch (JsonProcessingException e) {
      throw new InvalidJobException(
          "payload", "payload is not well-formed JSON: " + e.getOriginalMessage());
    }
    String owner = r.ownerId() == null ? "default" : r.ownerId();
    if (owner.isBlank() || owner.length() > MAX_OWNER_CHARS || hasControl(owner)) {
      throw new InvalidJobException(
          "ownerId", "owner id must be 1-" + MAX_OWNER_CHARS + " printable characters");
    }
    if (r.key() != null && (r.key().isBlank() || r.key().length() > MAX_KEY_CHARS)) {
      throw new InvalidJobException("key", "dedup key must be 1-" + MAX_KEY_CHARS + " characters");
    }
    if (r.delay() != null && r.runAt() != null) {
      throw new InvalidJobException("delay", "give either runAt or delay, not both");
    }
    if (r.delay() != null && r.delay().isNegative()) {
      throw new InvalidJobException(
          "delay", "delay must not be negative, was " + r.delay() + "; use 0 to run now");
    }
    int priority = r.priority() == null ? 5 : r.priority();
    if (priority < 1 || priority > 9) {
      throw new InvalidJobException(
          "priority", "priority must be 1 (first) to 9 (last), was " + priority);
    }
    int maxAttempts =
        r.maxAttempts() == null ? maxAttemptsOfType.applyAsInt(type) : r.maxAttempts();
    if (maxAttempts < 1 || maxAttempts > 1000) {
      throw new InvalidJobException(
          "maxAttempts", "maxAttempts must be in 1..1000, was " + maxAttempts);
    }
    String canonical = Json.canonical(payload);
    String hash = null;
    if (r.key() != null) {
      hash = Json.keyHash(r.key());
    } else if (r.deduplicate()) {
      hash = Json.operationHash(type, canonical);
    }
    return new JobInsert(
        r.queue(),
        type,
        Json.write(payload),
        owner,
        hash,
        UUID.randomUUID().toString(),
        priority,
        maxAttempts,
        r.runAt(),
        r.delay() == null ? 0 : r.delay().toMillis());
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  private static String shorten(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
