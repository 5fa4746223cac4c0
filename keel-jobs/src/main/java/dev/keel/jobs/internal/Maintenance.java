package dev.keel.jobs.internal;

import dev.keel.jobs.DlqAlertListener;
import dev.keel.jobs.JobMetrics;
import dev.keel.jobs.JobPromoteParams;
import dev.keel.jobs.JobRescueParams;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobsConfig;
import dev.keel.jobs.PruneParams;
import dev.keel.jobs.QueueStats;
import dev.keel.jobs.QueueStatsParams;
import dev.keel.jobs.RescueResult;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance loop of one node. Only the leader (advisory lock on PostgreSQL; always on SQLite)
 * works: every {@code rescueInterval} it rescues expired leases and promotes due jobs; every {@code
 * pruneInterval} it prunes finished jobs and expired dedup entries, refreshes queue-depth metrics
 * and raises DLQ alerts. Runs on one virtual thread.
 */
public final class Maintenance implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
  private static final int BATCH = 1000;

  private final JobStore store;
  private final JobsConfig config;
  private final JobMetrics metrics;
  private final Signal wake = new Signal();
  private final Thread thread;
  private volatile boolean closed;
  private boolean leader;
  private long lastPruneNanos;

  /** Completed passes, for tests that wait for "the rescuer ran". */
  private final AtomicLong passes = new AtomicLong();

  /** Starts the loop. */
  public Maintenance(JobStore store, JobsConfig config) {
    this.store = store;
    this.config = config;
    this.metrics = config.metrics();
    this.lastPruneNanos = System.nanoTime() - config.pruneInterval().toNanos();
    this.thread = Thread.ofVirtual().name("keel-jobs-maintenance").start(this::loop);
  }

  /** Passes completed so far. */
  public long passes() {
    return passes.get();
  }

  private void loop() {
    while (!closed) {
      long seen = wake.generation();
      try {
        runOnce();
      } catch (RuntimeException e) {
        LOG.warn("maintenance pass failed: {}", e.getMessage());
      }
      passes.incrementAndGet();
      try {
        wake.await(seen, config.rescueInterval());
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void runOnce() {
    boolean nowLeader = store.leaderTryAcquire();
    if (nowLeader != leader) {
      LOG.info(nowLeader ? "this node now runs job maintenance" : "lost maintenance leadership");
      leader = nowLeader;
    }
    if (!leader) {
      return;
    }
    RescueResult r;
    do {
      r = store.jobRescueExpired(new JobRescueParams(BATCH));
      if (r.retried() + r.dead() > 0) {
        metrics.rescued(r.retried(), r.dead());
        LOG.info("rescued expired leases: {} retried, {} dead-lettered", r.retried(), r.dead());
      }
    } while (r.retried() + r.dead() == BATCH && !closed);
    while (store.jobPromoteDue(new JobPromoteParams(BATCH)) == BATCH && !closed) {
      // more due jobs than one batch: keep going
    }
    if (System.nanoTime() - lastPruneNanos >= config.pruneInterval().toNanos()) {
      lastPruneNanos = System.nanoTime();
      prune();
      checkQueues();
    }
  }

  private void prune() {
    PruneParams p = new PruneParams(config.finishedRetention(), BATCH);
    int jobs = 0;
    int n;
    do {
      n = store.jobPrune(p);
      jobs += n;
    } while (n == BATCH && !closed);
    int keys = 0;
    do {
      n = store.dedupPrune(p);
      keys += n;
    } while (n == BATCH && !closed);
    if (jobs + keys > 0) {
      LOG.info("pruned {} finished jobs and {} expired dedup keys", jobs, keys);
    }
  }

  private void checkQueues() {
    DlqAlertListener listener = config.dlqAlertListener();
    for (QueueStats s : store.queueStats(new QueueStatsParams(config.statsWindow()))) {
      metrics.queueDepth(s);
      if (s.dlqDepth() >= config.dlqAlertThreshold()) {
        LOG.warn(
            "DLQ of queue {} holds {} dead jobs (alert threshold {}); inspect with the DLQ API",
            s.queue(),
            s.dlqDepth(),
            config.dlqAlertThreshold());
        metrics.dlqAlert(s.queue(), s.dlqDepth(), config.dlqAlertThreshold());
        if (listener != null) {
          try {
            listener.onDlqDepth(s.queue(), s.dlqDepth(), config.dlqAlertThreshold());
          } catch (RuntimeException e) {
            LOG.warn("DLQ alert listener failed", e);
          }
        }
      }
    }
  }

  /** Runs a pass soon (e.g. after a test expired a lease). */
  public void nudge() {
    wake.signal();
  }

  @Override
  public void close() {
    closed = true;
    wake.signal();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.leaderRelease();
  }
}
