package dev.keel.jobs.internal;

import dev.keel.jobs.JobAck;
import dev.keel.jobs.JobCompleteManyParams;
import dev.keel.jobs.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups acknowledgements into one {@link JobStore#jobCompleteMany} statement: whatever queued up
 * while the previous batch was committing goes out together, so batching adds no delay when idle. A
 * job's {@link Outcome} is called only after the statement that completed it committed ({@code
 * true}), or with {@code false} when its lease was lost. When the store fails, the batch is retried
 * with backoff until it goes through or the completer closes (the jobs keep heartbeating
 * meanwhile).
 *
 * <p>A few virtual threads drain the queue, each sending one batch at a time (several batches in
 * flight keep the database busy when each commit waits for its flush). Thread-safe.
 */
public final class Completer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Completer.class);

  /**
   * Told once how an acknowledgement ended, on a completer thread (or the submitting one when the
   * completer is closed). A plain callback rather than a future: one less allocation and
   * synchronisation per job.
   */
  @FunctionalInterface
  public interface Outcome {
    /**
     * @param completed true when the acknowledgement completed the job, false when its lease was
     *     lost
     * @param failure why it was not sent (completer closed, store failing at shutdown), else null
     */
    void done(boolean completed, Throwable failure);
  }

  private record Pending(JobAck ack, Outcome outcome) {}

  private final JobStore store;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

  /**
   * Acknowledging threads: each sends one batch at a time, so one batch fills while another
   * commits. Two rather than more: fewer threads send fuller statements, and PostgreSQL's cost per
   * job falls with the rows per statement.
   */
  private static final int THREADS = 2;

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  /** A completer on {@code store} sending at most {@code maxBatch} acks per statement. */
  public Completer(JobStore store, int maxBatch) {
    this.store = store;
    this.maxBatch = maxBatch;
    for (int i = 0; i < THREADS; i++) {
      threads.add(Thread.ofVirtual().name("keel-jobs-completer-" + i).start(this::loop));
    }
  }

  /** Queues an acknowledgement; {@code outcome} is told whether it completed the job. */
  public void submit(JobAck ack, Outcome outcome) {
    if (closed) {
      tell(outcome, false, new IllegalStateException("completer closed"));
      return;
    }
    queue.add(new Pending(ack, outcome));
  }

  /** Calls {@code outcome}; a throwing callback must not make a committed batch look failed. */
  private static void tell(Outcome outcome, boolean completed, Throwable failure) {
    try {
      outcome.done(completed, failure);
    } catch (RuntimeException e) {
      LOG.warn("an acknowledgement callback failed", e);
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    long backoffMs = 50;
    while (true) {
      if (batch.isEmpty()) {
        Pending first;
        try {
          first = queue.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          first = null;
        }
        if (first == null) {
          if (closed && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
      }
      try {
        List<JobAck> acks = new ArrayList<>(batch.size());
        batch.forEach(p -> acks.add(p.ack()));
        Set<Long> lost = store.jobCompleteMany(new JobCompleteManyParams(acks));
        for (Pending p : batch) {
          tell(p.outcome(), !lost.contains(p.ack().id()), null);
        }
        batch.clear();
        backoffMs = 50;
      } catch (RuntimeException e) {
        if (closed) {
          LOG.warn(
              "giving up on {} acknowledgements at shutdown: {}", batch.size(), e.getMessage());
          batch.forEach(p -> tell(p.outcome(), false, e));
          batch.clear();
          continue;
        }
        LOG.warn(
            "acknowledging {} jobs failed ({}); retrying in {} ms",
            batch.size(),
            e.getMessage(),
            backoffMs);
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        backoffMs = Math.min(2000, backoffMs * 2);
      }
    }
  }

  /** Sends what is queued (one last try), then stops. */
  @Override
  public void close() {
    closed = true;
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
