package dev.keel.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.jobs.InvalidJobException;
import dev.keel.jobs.JobContext;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.LeaseLostException;
import dev.keel.jobs.LeasedJob;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@link JobContext} a handler sees when {@link JobDrainer} runs it on the test's thread: the
 * same answers a worker gives, with lease extensions going to the store as heartbeats.
 */
final class SyncJobContext implements JobContext {

  private final LeasedJob job;
  private final Jobs jobs;
  private final String workerId;
  private final ObjectMapper mapper;

  private volatile Instant leaseExpiresAt;
  private volatile boolean leaseLost;

  /** The result set by the handler, as JSON; null when none. */
  private volatile String resultJson;

  SyncJobContext(LeasedJob job, Jobs jobs, String workerId, ObjectMapper mapper) {
    this.job = job;
    this.jobs = jobs;
    this.workerId = workerId;
    this.mapper = mapper;
    this.leaseExpiresAt = job.leaseExpiresAt();
  }

  String resultJson() {
    return resultJson;
  }

  @Override
  public long jobId() {
    return job.id();
  }

  @Override
  public String queue() {
    return job.queue();
  }

  @Override
  public String type() {
    return job.type();
  }

  @Override
  public int attempt() {
    return job.attempt();
  }

  @Override
  public int maxAttempts() {
    return job.maxAttempts();
  }

  @Override
  public String ownerId() {
    return job.ownerId();
  }

  @Override
  public String idempotencyKey() {
    return job.idempotencyKey();
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public Instant leaseExpiresAt() {
    return leaseExpiresAt;
  }

  @Override
  public Instant extendLease(Duration duration) {
    if (duration == null || duration.toMillis() < 100) {
      throw new InvalidJobException("duration", "lease extension must be at least 100 ms");
    }
    try {
      leaseExpiresAt = jobs.heartbeat(job.id(), job.leaseToken(), duration);
      return leaseExpiresAt;
    } catch (LeaseLostException e) {
      leaseLost = true;
      throw e;
    }
  }

  @Override
  public boolean leaseLost() {
    return leaseLost;
  }

  @Override
  public void result(Object value) {
    try {
      resultJson = value == null ? null : mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot serialise the result " + value.getClass().getName() + " to JSON", e);
    }
  }
}
