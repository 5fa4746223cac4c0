package dev.keel.jobs.internal;

import dev.keel.core.Backoff;
import dev.keel.jobs.FailOutcome;
import dev.keel.jobs.JobAck;
import dev.keel.jobs.JobClaimParams;
import dev.keel.jobs.JobError;
import dev.keel.jobs.JobFailParams;
import dev.keel.jobs.JobHeartbeatParams;
import dev.keel.jobs.JobMetrics;
import dev.keel.jobs.JobReleaseParams;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.LeaseLostException;
import dev.keel.jobs.LeasedJob;
import dev.keel.jobs.NonRetryableException;
import dev.keel.jobs.QueueConfig;
import dev.keel.jobs.TokenBucketParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The workers of one queue on this node.
 *
 * <p>Design: a fetcher thread claims only as many jobs as there are free slots (one statement per
 * claim, so a burst of work is claimed in batches), then hands each job to a virtual thread (or the
 * CPU pool for CPU-bound handlers). While handlers are short (a moving average under {@link
 * #PREFETCH_MAX_RUN_NANOS}) and there is a backlog, it claims up to {@link #PREFETCH_FACTOR} times
 * the concurrency more into a local buffer, which finishing handlers start from at once; then up to
 * {@link #FETCH_LANES} claims of at most {@link #CLAIM_FACTOR} times the concurrency are in flight
 * at once; buffered jobs are leased and heartbeated like running ones, and go back to the queue at
 * shutdown. While the buffer holds a round of work, claims wait for room for half a full claim
 * ({@link #minClaim()}), and a finishing handler's thread runs the next buffered job of its kind
 * itself ({@link #handOver}), so a backlog of short jobs costs neither a statement nor a thread per
 * job. A slot stays taken until the job's outcome is committed, so concurrency counts
 * acknowledgements in flight too. The fetcher sleeps on the queue's {@link Signal}, woken by
 * new-job notifications and freed slots, polling as a fallback. A heartbeat thread extends the
 * lease of every running job every third of its lease length; a lost lease interrupts the handler
 * and drops its outcome.
 */
public final class WorkerPool {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

  /** Longest wait for more free slots before claiming into a few, while there is a backlog. */
  private static final long FETCH_COOLDOWN_NANOS = 5_000_000L;

  /** Prefetch only while handlers take less than this on average. */
  private static final long PREFETCH_MAX_RUN_NANOS = 5_000_000L;

  /**
   * Prefetch depth in multiples of the concurrency. With short handlers a claim's round trip (and,
   * with durable lease commits, its fsync) is what paces the pool, so each claim takes several
   * rounds of work at once; the claimed jobs keep their leases alive by heartbeats meanwhile. Since
   * prefetching stops once handlers average {@link #PREFETCH_MAX_RUN_NANOS}, a full buffer holds at
   * most about 16 × 5 ms = 80 ms of work.
   */
  private static final int PREFETCH_FACTOR = 16;

  /**
   * Most jobs one claim statement takes, in multiples of the concurrency. PostgreSQL's cost per job
   * falls with the rows per statement: on 2026-12-07, claims of up to 8× (with a buffer of 16×) cut
   * the database's CPU per no-op job by about a fifth against 4× (with 8×).
   */
  private static final int CLAIM_FACTOR = 8;

  /**
   * Most jobs one claim statement takes whatever the concurrency, to bound a statement's result.
   */
  private static final int MAX_CLAIM = 1_000;

  /** Claim loops per queue; all but one only run while prefetching. */
  private static final int FETCH_LANES = 3;

  private final QueueConfig queue;
  private final JobStore store;
  private final Handlers handlers;
  private final Completer completer;
  private final ExecutorService virtualPool;
  private final ExecutorService cpuPool;
  private final JobMetrics metrics;
  private final Backoff defaultBackoff;
  private final String workerId;
  private final Signal signal;
  private final Signal heartbeatSignal = new Signal();

  /** Attempts claimed and not yet finished (outcome committed or abandoned), by job id. */
  private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();

  /** Slots taken: handlers claimed and not yet returned. */
  private final AtomicInteger busy = new AtomicInteger();

  /**
   * Acknowledgements submitted and not yet committed. They hold no slot (so a slow commit does not
   * idle a worker) but are bounded: at {@code concurrency} pending acks the fetcher stops claiming.
   */
  private final AtomicInteger acking = new AtomicInteger();

  /** At this many pending acknowledgements the fetcher stops claiming. */
  private final int maxAcking;

  /** Claimed (prefetched) jobs waiting for a slot; each is in {@link #running} too. */
  private final ConcurrentLinkedQueue<RunningJob> ready = new ConcurrentLinkedQueue<>();

  private final AtomicInteger buffered = new AtomicInteger();

  /** Moving average of handler run time in nanoseconds; -1 until the first handler returns. */
  private volatile long avgRunNanos = -1;

  /** Claim capacity reserved by lanes with a claim in flight. */
  private final AtomicInteger reserved = new AtomicInteger();

  /** Most jobs one claim statement takes. */
  private final int maxClaim;

  /** The last claim got all it asked for: there is more waiting. */
  private volatile boolean backlog;

  private volatile boolean claiming;
  private volatile boolean heartbeating;
  private final List<Thread> fetchers = new ArrayList<>();
  private Thread heartbeater;

  /** A pool for {@code queue}; call {@link #start()}. */
  public WorkerPool(
      QueueConfig queue,
      JobStore store,
      Handlers handlers,
      Completer completer,
      ExecutorService virtualPool,
      ExecutorService cpuPool,
      JobMetrics metrics,
      Backoff defaultBackoff,
      String workerId,
      Signal signal) {
    this.queue = queue;
    this.store = store;
    this.handlers = handlers;
    this.completer = completer;
    this.virtualPool = virtualPool;
    this.cpuPool = cpuPool;
    this.metrics = metrics;
    this.defaultBackoff = defaultBackoff;
    this.workerId = workerId;
    this.signal = signal;
    this.maxAcking = 2 * (1 + PREFETCH_FACTOR) * queue.concurrency();
    this.maxClaim = Math.min(MAX_CLAIM, CLAIM_FACTOR * queue.concurrency());
  }

  /** Starts claiming and heartbeating. */
  public void start() {
    claiming = true;
    heartbeating = true;
    for (int i = 0; i < FETCH_LANES; i++) {
      int lane = i;
      fetchers.add(
          Thread.ofVirtual()
              .name("keel-jobs-fetch-" + queue.name() + "-" + lane)
              .start(() -> fetchLoop(lane)));
    }
    heartbeater =
        Thread.ofVirtual().name("keel-jobs-heartbeat-" + queue.name()).start(this::heartbeatLoop);
  }

  /** Jobs of this pool in progress (running handlers plus acknowledgements in flight). */
  public int inFlight() {
    return running.size();
  }

  private void fetchLoop(int lane) {
    long backoffMs = 0;
    // While the queue has a backlog, wait up to FETCH_COOLDOWN for a quarter of the slots to free
    // up, so one claim statement fetches several jobs instead of one per finished job. An idle
    // queue (no backlog) claims at once on a wake-up, keeping start latency low. Lanes other than
    // the first claim only while there is a backlog of short jobs: then several claims are in
    // flight at once, each on its own connection.
    long lastClaimNanos = 0;
    int minBatch = Math.max(1, queue.concurrency() / 4);
    while (true) {
      long seen = signal.generation();
      if (!claiming) {
        return;
      }
      try {
        boolean prefetching = backlog && prefetch() > 0;
        int want = lane == 0 || prefetching ? reserve(prefetching) : 0;
        if (want > 0) {
          long sinceLast = System.nanoTime() - lastClaimNanos;
          if (backlog && want < minBatch && sinceLast < FETCH_COOLDOWN_NANOS) {
            reserved.addAndGet(-want);
            signal.await(seen, Duration.ofNanos(FETCH_COOLDOWN_NANOS - sinceLast));
            continue;
          }
          if (want < minClaim()) {
            // A round of work is buffered: wait for room for a fuller statement (freeSlot signals
            // when there is), the timeout only guarding against a missed wake-up.
            reserved.addAndGet(-want);
            signal.await(seen, Duration.ofNanos(FETCH_COOLDOWN_NANOS));
            continue;
          }
          int got;
          try {
            got = claimInto(want);
          } finally {
            reserved.addAndGet(-want);
          }
          lastClaimNanos = System.nanoTime();
          backoffMs = 0;
          backlog = got == want;
          if (backlog) {
            continue;
          }
        }
        signal.await(seen, queue.pollInterval());
      } catch (InterruptedException e) {
        if (!claiming) {
          return;
        }
      } catch (RuntimeException e) {
        backoffMs = Math.min(5000, Math.max(100, backoffMs * 2));
        LOG.warn(
            "claiming from queue {} failed ({}); retrying in {} ms",
            queue.name(),
            e.getMessage(),
            backoffMs);
        try {
          signal.await(signal.generation(), Duration.ofMillis(backoffMs));
        } catch (InterruptedException ie) {
          if (!claiming) {
            return;
          }
        }
      }
    }
  }

  /**
   * Reserves room for one claim: the free capacity not yet reserved by another lane, at most {@link
   * #maxClaim}; 0 when there is none.
   */
  private int reserve(boolean prefetching) {
    if (acking.get() >= maxAcking) {
      return 0;
    }
    int capacity = queue.concurrency() + (prefetching ? prefetch() : 0);
    while (true) {
      int r = reserved.get();
      int want = Math.min(maxClaim, capacity - busy.get() - buffered.get() - r);
      if (want <= 0) {
        return 0;
      }
      if (reserved.compareAndSet(r, r + want)) {
        return want;
      }
    }
  }

  /**
   * Fewest jobs worth a claim statement now: while a backlog keeps at least a round of work in the
   * buffer, half a full claim, since each statement (and its commit) costs the database about as
   * much as several jobs; otherwise one, so a short buffer or an idle queue never waits.
   */
  private int minClaim() {
    return backlog && buffered.get() >= queue.concurrency() ? maxClaim / 2 : 1;
  }

  /** Claim capacity not taken by running, buffered or in-flight claims. */
  private int room() {
    int capacity = queue.concurrency() + (backlog ? prefetch() : 0);
    return capacity - busy.get() - buffered.get() - reserved.get();
  }

  /** How many jobs to claim beyond the free slots: some while handlers are short, else none. */
  private int prefetch() {
    long avg = avgRunNanos;
    return avg >= 0 && avg < PREFETCH_MAX_RUN_NANOS ? PREFETCH_FACTOR * queue.concurrency() : 0;
  }

  private int claimInto(int free) {
    int got = 0;
    Set<String> unlimited = handlers.unlimitedTypes();
    TokenBucketParams startLimit =
        queue.startLimit() == null
            ? null
            : new TokenBucketParams(
                "start:" + queue.name(),
                queue.startLimit().capacity(),
                queue.startLimit().perSecond(),
                free,
                true);
    if (!unlimited.isEmpty()) {
      List<LeasedJob> jobs =
          store.jobClaim(
              new JobClaimParams(
                  queue.name(),
                  workerId,
                  free,
                  queue.visibilityTimeout(),
                  unlimited,
                  Set.of(),
                  null,
                  startLimit));
      jobs.forEach(this::accept);
      got += jobs.size();
    }
    for (Map.Entry<String, Integer> e : handlers.limitedTypes().entrySet()) {
      // Types with a cluster-wide limit take free slots only, never prefetch: a buffered job
      // would hold a unit of the type's limit that another node could be running.
      int left = Math.min(free - got, queue.concurrency() - busy.get() - buffered.get());
      if (left <= 0) {
        break;
      }
      List<LeasedJob> jobs =
          store.jobClaim(
              new JobClaimParams(
                  queue.name(),
                  workerId,
                  left,
                  queue.visibilityTimeout(),
                  Set.of(e.getKey()),
                  Set.of(),
                  e.getValue(),
                  startLimit));
      jobs.forEach(this::accept);
      got += jobs.size();
    }
    dispatch();
    return got;
  }

  /** Takes a claimed job in: leased (heartbeated from now on) and waiting for a slot. */
  private void accept(LeasedJob job) {
    RunningJob r = new RunningJob(job, store, workerId, queue.visibilityTimeout());
    r.slotFreed.set(true); // holds no slot until launched
    running.put(job.id(), r);
    buffered.incrementAndGet();
    ready.add(r);
  }

  /** Starts buffered jobs while slots are free. Any thread; lock-free. */
  private void dispatch() {
    while (claiming) {
      int b = busy.get();
      if (b >= queue.concurrency() || ready.isEmpty()) {
        return;
      }
      if (!busy.compareAndSet(b, b + 1)) {
        continue;
      }
      RunningJob r = ready.poll();
      if (r == null) {
        busy.decrementAndGet(); // raced with another dispatcher; look again
        continue;
      }
      buffered.decrementAndGet();
      r.slotFreed.set(false);
      launch(r);
    }
  }

  /** Gives back the jobs still buffered (claiming has stopped). */
  private void releaseBuffered() {
    for (RunningJob r = ready.poll(); r != null; r = ready.poll()) {
      buffered.decrementAndGet();
      r.released = true;
      releaseQuietly(r);
      finish(r);
    }
  }

  /** Runs {@code r}, which holds a slot, on a thread of its own. */
  private void launch(RunningJob r) {
    if (r.abandoned()) {
      finish(r); // lost its lease while buffered
      return;
    }
    Handlers.Registered<?> reg = handlers.get(r.job.type());
    boolean cpuBound = isCpuBound(reg);
    ExecutorService executor = cpuBound ? cpuPool : virtualPool;
    try {
      executor.execute(() -> runFrom(r, reg, cpuBound));
    } catch (RuntimeException e) {
      // executor shut down: give the job back
      r.released = true;
      releaseQuietly(r);
      finish(r);
    }
  }

  private static boolean isCpuBound(Handlers.Registered<?> reg) {
    return reg != null && reg.options().cpuBound();
  }

  /**
   * Runs {@code first}, then buffered jobs of the same kind (virtual or CPU-bound) on this thread
   * for as long as the buffer has some: each finishing job hands its slot straight to the next, so
   * a backlog of short jobs costs no thread start and no hand-off per job.
   */
  private void runFrom(RunningJob first, Handlers.Registered<?> firstReg, boolean cpuThread) {
    RunningJob r = first;
    Handlers.Registered<?> reg = firstReg;
    while (r != null) {
      LeasedJob job = r.job;
      metrics.started(job.queue(), job.type(), job.startLatency(), queue.startLatencyTarget());
      r = execute(r, reg, cpuThread);
      reg = r == null ? null : handlers.get(r.job.type());
    }
  }

  /** Runs one job; returns the buffered job this thread runs next (holding the slot), or null. */
  private RunningJob execute(RunningJob r, Handlers.Registered<?> reg, boolean cpuThread) {
    LeasedJob job = r.job;
    Thread
        .interrupted(); // a pooled CPU thread must not carry an interrupt meant for a previous job
    r.thread = Thread.currentThread();
    r.launchedNanos = System.nanoTime();
    MDC.put("jobId", Long.toString(job.id()));
    MDC.put("queue", job.queue());
    MDC.put("jobType", job.type());
    Throwable failure = null;
    try {
      if (reg == null) {
        throw new IllegalStateException("no handler registered for job type " + job.type());
      }
      invoke(r, reg);
    } catch (Throwable t) {
      failure = t;
    } finally {
      r.thread = null;
      Thread.interrupted();
      long ran = System.nanoTime() - r.launchedNanos;
      long avg = avgRunNanos;
      avgRunNanos = avg < 0 ? ran : avg + (ran - avg) / 8;
      MDC.remove("jobId");
      MDC.remove("queue");
      MDC.remove("jobType");
    }
    if (r.abandoned()) {
      if (r.leaseLost) {
        metrics.leaseLost(job.queue(), job.type());
        LOG.warn("job {} lost its lease; its outcome was discarded", job.id());
      }
      running.remove(job.id(), r);
      return handOver(r, cpuThread);
    }
    if (failure == null) {
      // The slot frees now; the job stays in `running` (heartbeating) until its ack commits.
      r.acking = true;
      acking.incrementAndGet();
      RunningJob next = handOver(r, cpuThread);
      completer.submit(
          new JobAck(job.id(), job.leaseToken(), r.resultJson),
          (ok, err) -> {
            if (ok) {
              metrics.completed(job.queue(), job.type(), elapsed(r));
            } else if (err == null) {
              metrics.leaseLost(job.queue(), job.type());
              LOG.warn("job {} finished but its lease was lost; not completed", job.id());
            }
            acking.decrementAndGet();
            finish(r);
          });
      return next;
    }
    recordFailure(r, reg, failure);
    running.remove(job.id(), r);
    return handOver(r, cpuThread);
  }

  private static <T> void invoke(RunningJob r, Handlers.Registered<T> reg) throws Exception {
    T payload;
    try {
      payload = reg.reader().readValue(r.job.payloadJson());
    } catch (Exception e) {
      throw new NonRetryableException(
          "payload cannot be read as " + reg.payloadType().getName() + ": " + e.getMessage(), e);
    }
    reg.handler().handle(r, payload);
  }

  private void recordFailure(RunningJob r, Handlers.Registered<?> reg, Throwable failure) {
    LeasedJob job = r.job;
    boolean retryable = !isNonRetryable(failure);
    Backoff backoff =
        reg != null && reg.options().backoff() != null ? reg.options().backoff() : defaultBackoff;
    Duration delay =
        backoff.delay(Math.max(0, job.attempt() - 1), null, ThreadLocalRandom.current());
    try {
      FailOutcome outcome =
          store.jobFail(
              new JobFailParams(
                  job.id(), job.leaseToken(), JobError.of(failure), retryable, delay));
      metrics.failed(job.queue(), job.type(), elapsed(r), outcome.state());
      LOG.info(
          "job {} attempt {}/{} failed ({}): now {}",
          job.id(),
          job.attempt(),
          job.maxAttempts(),
          failure.toString(),
          outcome.state().dbName());
    } catch (LeaseLostException e) {
      metrics.leaseLost(job.queue(), job.type());
      LOG.warn("job {} failed but its lease was lost; failure not recorded", job.id());
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record the failure of job {} ({}); its lease will expire and the rescuer"
              + " will retry it",
          job.id(),
          e.getMessage());
    }
  }

  static boolean isNonRetryable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NonRetryableException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  private static Duration elapsed(RunningJob r) {
    return Duration.ofNanos(System.nanoTime() - r.launchedNanos);
  }

  private void freeSlot(RunningJob r) {
    if (r.slotFreed.compareAndSet(false, true)) {
      busy.decrementAndGet();
      dispatch();
    }
    wakeClaimers();
  }

  /**
   * Gives up {@code r}'s slot from its handler thread: to the next buffered job, returned when it
   * can run on this thread too (else launched on its own), or back to the pool when none is left.
   */
  private RunningJob handOver(RunningJob r, boolean cpuThread) {
    RunningJob next = null;
    if (r.slotFreed.compareAndSet(false, true)) {
      next = claiming ? ready.poll() : null;
      if (next == null) {
        busy.decrementAndGet();
        dispatch();
      } else {
        buffered.decrementAndGet();
        next.slotFreed.set(false);
        if (next.abandoned() || isCpuBound(handlers.get(next.job.type())) != cpuThread) {
          launch(next);
          next = null;
        }
      }
    }
    wakeClaimers();
    return next;
  }

  private void wakeClaimers() {
    // Wake the claim loops only when a claim is worth making: a wake-up per finished job would
    // cost more than the job itself while a buffer of claimed jobs is still full.
    if (!claiming || room() >= minClaim()) {
      signal.signal();
    }
  }

  private void finish(RunningJob r) {
    running.remove(r.job.id(), r);
    freeSlot(r);
  }

  private void heartbeatLoop() {
    long tickMs = Math.max(20, queue.visibilityTimeout().toMillis() / 6);
    while (heartbeating) {
      try {
        heartbeatSignal.await(heartbeatSignal.generation(), tickMs);
      } catch (InterruptedException e) {
        if (!heartbeating) {
          return;
        }
      }
      long now = System.nanoTime();
      for (RunningJob r : running.values()) {
        if (r.abandoned() || now - r.nextHeartbeatNanos < 0) {
          continue;
        }
        Duration length = r.leaseLength;
        try {
          Instant deadline =
              store.jobHeartbeat(new JobHeartbeatParams(r.job.id(), r.job.leaseToken(), length));
          r.leaseExpiresAt = deadline;
          r.nextHeartbeatNanos = System.nanoTime() + length.toNanos() / 3;
        } catch (LeaseLostException e) {
          LOG.warn("job {}: lease lost at heartbeat; interrupting its handler", r.job.id());
          r.markLost();
        } catch (RuntimeException e) {
          LOG.debug("heartbeat of job {} failed: {}", r.job.id(), e.getMessage());
          r.nextHeartbeatNanos = System.nanoTime() + Math.min(length.toNanos() / 6, 500_000_000L);
        }
      }
    }
  }

  /**
   * Stops claiming and waits for the claim loops to exit. They are not interrupted: an interrupt
   * would break a claim in flight after its commit, stranding its jobs until their leases expire; a
   * claim that completes now is released at once instead.
   */
  public void stopClaiming() {
    claiming = false;
    signal.signal();
    for (Thread f : fetchers) {
      joinQuietly(f);
    }
    releaseBuffered();
  }

  /** Waits up to {@code grace} for running jobs to finish; returns true if all did. */
  public boolean awaitIdle(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (!running.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long seen = signal.generation();
      if (running.isEmpty()) {
        break;
      }
      try {
        signal.await(seen, Duration.ofNanos(Math.min(left, 100_000_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Releases every job still running back to {@code available} and interrupts its handler. */
  public int releaseRemaining() {
    int n = 0;
    for (RunningJob r : running.values()) {
      if (r.acking) {
        continue; // done; its acknowledgement is being committed
      }
      r.released = true;
      Thread t = r.thread;
      if (t != null) {
        t.interrupt();
      }
      if (releaseQuietly(r)) {
        n++;
      }
      finish(r);
    }
    return n;
  }

  private boolean releaseQuietly(RunningJob r) {
    try {
      return store.jobRelease(new JobReleaseParams(r.job.id(), r.job.leaseToken()));
    } catch (RuntimeException e) {
      LOG.warn("could not release job {} ({}); its lease will expire", r.job.id(), e.getMessage());
      return false;
    }
  }

  /** Stops heartbeats (after {@link #releaseRemaining()}). */
  public void stopHeartbeats() {
    heartbeating = false;
    heartbeatSignal.signal();
    Thread h = heartbeater;
    if (h != null) {
      joinQuietly(h);
    }
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
