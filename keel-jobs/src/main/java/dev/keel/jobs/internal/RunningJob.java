package dev.keel.jobs.internal;

import dev.keel.jobs.InvalidJobException;
import dev.keel.jobs.JobContext;
import dev.keel.jobs.JobHeartbeatParams;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.LeaseLostException;
import dev.keel.jobs.LeasedJob;
import java.time.Duration;
import java.time.Instant;

/**
 * One attempt in progress on this node: its lease, heartbeat schedule and handler thread. Also the
 * {@link JobContext} the handler sees. Fields are volatile: the handler thread, the heartbeat
 * thread and shutdown all touch them.
 */
final class RunningJob implements JobContext {

  final LeasedJob job;

  /** When the claim returned (lease clock starts). */
  final long startNanos = System.nanoTime();

  /** When the handler was handed to its thread (after any wait in the prefetch buffer). */
  volatile long launchedNanos = startNanos;

  private final JobStore store;
  private final String workerId;

  /** Lease length used by heartbeats: the queue's timeout, or what the handler asked for. */
  volatile Duration leaseLength;

  volatile Instant leaseExpiresAt;
  volatile long nextHeartbeatNanos;

  /** The lease is gone: the handler's outcome must be dropped. */
  volatile boolean leaseLost;

  /** Given back at shutdown: the handler's outcome must be dropped. */
  volatile boolean released;

  /** The thread running the handler while it runs, else null. */
  volatile Thread thread;

  volatile String resultJson;

  /** The handler succeeded and its acknowledgement was submitted. */
  volatile boolean acking;

  /** Whether this attempt's worker slot was given back (exactly once). */
  final java.util.concurrent.atomic.AtomicBoolean slotFreed =
      new java.util.concurrent.atomic.AtomicBoolean();

  RunningJob(LeasedJob job, JobStore store, String workerId, Duration leaseLength) {
    this.job = job;
    this.store = store;
    this.workerId = workerId;
    this.leaseLength = leaseLength;
    this.leaseExpiresAt = job.leaseExpiresAt();
    this.nextHeartbeatNanos = startNanos + leaseLength.toNanos() / 3;
  }

  /** Marks the lease lost and interrupts the handler. */
  void markLost() {
    leaseLost = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** True when the outcome must not be reported. */
  boolean abandoned() {
    return leaseLost || released;
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
    if (abandoned()) {
      throw new LeaseLostException(job.id());
    }
    try {
      Instant deadline =
          store.jobHeartbeat(new JobHeartbeatParams(job.id(), job.leaseToken(), duration));
      leaseLength = duration;
      leaseExpiresAt = deadline;
      nextHeartbeatNanos = System.nanoTime() + duration.toNanos() / 3;
      return deadline;
    } catch (LeaseLostException e) {
      markLost();
      throw e;
    }
  }

  @Override
  public boolean leaseLost() {
    return abandoned();
  }

  @Override
  public void result(Object value) {
    resultJson = value == null ? null : Json.write(value);
  }
}
