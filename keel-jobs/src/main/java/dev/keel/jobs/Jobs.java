package dev.keel.jobs;

import dev.keel.core.Backoff;
import dev.keel.jobs.internal.Completer;
import dev.keel.jobs.internal.EnqueuePreparer;
import dev.keel.jobs.internal.Handlers;
import dev.keel.jobs.internal.Maintenance;
import dev.keel.jobs.internal.QueueSignals;
import dev.keel.jobs.internal.Signal;
import dev.keel.jobs.internal.WorkerPool;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue: confirmed, deduplicated enqueue; worker pools per queue for registered handlers;
 * leases for remote workers (what {@code keel-server}'s HTTP API calls); queue and DLQ
 * administration.
 *
 * <pre>{@code
 * JobStore store = JobStores.sqlite(Path.of("keel-data/jobs.db"));
 * Jobs jobs = Jobs.builder(store).build();
 * jobs.register("email.send", Email.class, (ctx, email) -> mailer.send(email, ctx.idempotencyKey()));
 * jobs.start();
 * EnqueueResult r = jobs.enqueue(JobRequest.builder("email.send").payload(email).build());
 * ...
 * jobs.close();   // graceful: stop claiming, let running jobs finish, release the rest
 * store.close();
 * }</pre>
 *
 * <p>Thread-safe. Handlers may be registered before or after {@link #start()}. The store belongs to
 * the caller and outlives this object.
 */
public final class Jobs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

  private final JobsConfig config;
  private final JobStore store;
  private final Handlers handlers = new Handlers();
  private final EnqueuePreparer preparer;
  private final QueueSignals signals = new QueueSignals();
  private final AutoCloseable subscription;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private final Map<String, WorkerPool> pools = new LinkedHashMap<>();

  /** Created by {@link #start()}; guarded by {@link #lifecycle}. */
  private Completer completer;

  private ExecutorService virtualPool;
  private ExecutorService cpuPool;
  private Maintenance maintenance;
  private boolean started;
  private volatile boolean closed;

  Jobs(JobsConfig config) {
    this.config = config;
    this.store = config.store();
    this.preparer = new EnqueuePreparer(config, this::maxAttemptsOf);
    this.subscription = store.subscribe(signals::wake);
  }

  /** A builder over {@code store} with every default (see {@link JobsConfig}). */
  public static JobsConfig.Builder builder(JobStore store) {
    return new JobsConfig.Builder(store);
  }

  /** The configuration. */
  public JobsConfig config() {
    return config;
  }

  /** The store underneath. */
  public JobStore store() {
    return store;
  }

  // ---------------------------------------------------------------- handlers and workers

  /** Registers the handler of {@code type} with default options. */
  public <T> Jobs register(String type, Class<T> payloadType, JobHandler<T> handler) {
    return register(type, payloadType, HandlerOptions.DEFAULTS, handler);
  }

  /**
   * Registers the handler of {@code type}; this node's workers then claim jobs of that type from
   * every configured queue.
   *
   * @throws IllegalStateException if {@code type} already has a handler
   */
  public <T> Jobs register(
      String type, Class<T> payloadType, HandlerOptions options, JobHandler<T> handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    handlers.add(new Handlers.Registered<>(type, payloadType, options, handler));
    signals.wake(null);
    return this;
  }

  private int maxAttemptsOf(String type) {
    Handlers.Registered<?> r = handlers.get(type);
    return r != null && r.options().maxAttempts() != null
        ? r.options().maxAttempts()
        : config.defaultMaxAttempts();
  }

  private Backoff backoffOf(String type) {
    Handlers.Registered<?> r = handlers.get(type);
    return r != null && r.options().backoff() != null ? r.options().backoff() : config.backoff();
  }

  /**
   * Starts a worker pool for every configured queue with concurrency above zero, and maintenance
   * (when enabled). Idempotent.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public Jobs start() {
    lifecycle.lock();
    try {
      if (closed) {
        throw new IllegalStateException("Jobs is closed; build a new one");
      }
      if (started) {
        return this;
      }
      started = true;
      completer = new Completer(store, 500);
      virtualPool =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("keel-job-", 0).factory());
      cpuPool =
          Executors.newFixedThreadPool(
              config.cpuPoolSize(),
              Thread.ofPlatform().name("keel-job-cpu-", 0).daemon().factory());
      for (QueueConfig q : config.queues().values()) {
        if (q.concurrency() == 0) {
          continue;
        }
        WorkerPool pool =
            new WorkerPool(
                q,
                store,
                handlers,
                completer,
                virtualPool,
                cpuPool,
                config.metrics(),
                config.backoff(),
                config.workerId(),
                signals.of(q.name()));
        pools.put(q.name(), pool);
        pool.start();
      }
      if (config.maintenance()) {
        maintenance = new Maintenance(store, config);
      }
      LOG.info("keel jobs started: worker {} on queues {}", config.workerId(), pools.keySet());
      return this;
    } finally {
      lifecycle.unlock();
    }
  }

  /** Jobs this node is running (or acknowledging) in {@code queue}. */
  public int inFlight(String queue) {
    WorkerPool p = pools.get(queue);
    return p == null ? 0 : p.inFlight();
  }

  /** Asks maintenance to run a pass now (no-op when it is not running). */
  public void runMaintenanceSoon() {
    Maintenance m = maintenance;
    if (m != null) {
      m.nudge();
    }
  }

  // ---------------------------------------------------------------- enqueue

  /**
   * Enqueues one job and returns after the commit.
   *
   * @throws InvalidJobException when the request is malformed (nothing written)
   * @throws PayloadTooLargeException when the payload is above {@code maxPayloadBytes}
   * @throws RateLimitedException when the queue's admission limit is exceeded (nothing written)
   * @throws JobStoreException when the store fails
   */
  public EnqueueResult enqueue(JobRequest request) {
    return enqueueMany(List.of(request)).get(0);
  }

  /**
   * Enqueues jobs in one transaction (all or nothing) and returns one result per request, in order.
   *
   * @throws InvalidJobException naming the first malformed request's index and field
   */
  public List<EnqueueResult> enqueueMany(List<JobRequest> requests) {
    JobInsertParams params = prepare(requests);
    List<EnqueueResult> results = store.jobInsertMany(params);
    report(params, results);
    return results;
  }

  /**
   * Enqueues one job inside the caller's transaction on {@code connection} (auto-commit off): the
   * job commits or rolls back with the caller's own writes. Visible to workers after the caller
   * commits.
   */
  public EnqueueResult enqueue(Connection connection, JobRequest request) {
    return enqueueMany(connection, List.of(request)).get(0);
  }

  /**
   * Enqueues jobs inside the caller's transaction; see {@link #enqueue(Connection, JobRequest)}.
   */
  public List<EnqueueResult> enqueueMany(Connection connection, List<JobRequest> requests) {
    Objects.requireNonNull(connection, "connection");
    JobInsertParams params = prepare(requests);
    List<EnqueueResult> results = store.jobInsertMany(connection, params);
    report(params, results);
    return results;
  }

  private JobInsertParams prepare(List<JobRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    if (requests.isEmpty()) {
      throw new InvalidJobException("jobs", "at least one job is required");
    }
    List<JobInsert> rows = new ArrayList<>(requests.size());
    Map<String, Integer> perQueue = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      JobRequest r = Objects.requireNonNull(requests.get(i), "requests[" + i + "]");
      try {
        rows.add(preparer.prepare(r));
      } catch (PayloadTooLargeException e) {
        throw e;
      } catch (InvalidJobException e) {
        throw requests.size() == 1
            ? e
            : new InvalidJobException("jobs[" + i + "]." + e.field(), e.getMessage());
      }
      perQueue.merge(r.queue(), 1, Integer::sum);
    }
    List<TokenBucketParams> admission = new ArrayList<>();
    perQueue.forEach(
        (queue, count) -> {
          RateLimit limit = config.queue(queue).enqueueLimit();
          if (limit != null) {
            if (count > limit.capacity()) {
              throw new InvalidJobException(
                  "jobs",
                  count
                      + " jobs for queue "
                      + queue
                      + " exceed its admission burst of "
                      + (long) limit.capacity()
                      + "; split the batch");
            }
            admission.add(
                new TokenBucketParams(
                    "enqueue:" + queue, limit.capacity(), limit.perSecond(), count, false));
          }
        });
    return new JobInsertParams(rows, config.dedupRetention(), admission);
  }

  private void report(JobInsertParams params, List<EnqueueResult> results) {
    for (int i = 0; i < results.size(); i++) {
      JobInsert row = params.jobs().get(i);
      config.metrics().enqueued(row.queue(), row.type(), results.get(i).duplicate());
    }
  }

  // ---------------------------------------------------------------- status

  /** The job with this id, if it exists (finished jobs until pruned). */
  public Optional<Job> job(long id) {
    return store.jobGet(id);
  }

  /**
   * The job with this id as the caller's transaction on {@code connection} sees it, e.g. one it
   * just enqueued with {@link #enqueue(Connection, JobRequest)} and has not committed.
   */
  public Optional<Job> job(Connection connection, long id) {
    return store.jobGet(Objects.requireNonNull(connection, "connection"), id);
  }

  /**
   * Cancels a job that has not started.
   *
   * @return the state afterwards: {@code CANCELLED}, or the state that prevented it (e.g. {@code
   *     RUNNING}, {@code COMPLETED}); empty when there is no such job
   */
  public Optional<JobState> cancel(long id) {
    return store.jobCancel(new JobCancelParams(id));
  }

  // ---------------------------------------------------------------- remote workers

  /**
   * Leases up to {@code request.max()} due jobs of {@code queue}, waiting up to {@code
   * request.waitFor()} for work to arrive (woken by {@code LISTEN/NOTIFY} on PostgreSQL, in-process
   * on SQLite, with polling as a fallback).
   *
   * @return the leased jobs, possibly none
   * @throws InvalidJobException for a malformed queue name
   */
  public List<LeasedJob> lease(String queue, LeaseRequest request) {
    preparer.checkQueue(queue);
    QueueConfig q = config.queue(queue);
    Duration timeout =
        request.visibilityTimeout() == null ? q.visibilityTimeout() : request.visibilityTimeout();
    JobClaimParams params =
        new JobClaimParams(
            queue,
            request.workerId(),
            request.max(),
            timeout,
            null,
            Set.of(),
            null,
            q.startLimit() == null
                ? null
                : new TokenBucketParams(
                    "start:" + queue,
                    q.startLimit().capacity(),
                    q.startLimit().perSecond(),
                    request.max(),
                    true));
    Signal signal = signals.of(queue);
    long deadline = System.nanoTime() + request.waitFor().toNanos();
    while (true) {
      long seen = signal.generation();
      List<LeasedJob> jobs = store.jobClaim(params);
      if (!jobs.isEmpty()) {
        for (LeasedJob j : jobs) {
          config.metrics().started(j.queue(), j.type(), j.startLatency(), q.startLatencyTarget());
        }
        return jobs;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || closed) {
        return List.of();
      }
      try {
        signal.await(seen, Duration.ofNanos(Math.min(left, q.pollInterval().toNanos())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  /**
   * Extends a lease to the database's now plus {@code extendBy}.
   *
   * @return the new deadline
   * @throws LeaseLostException if the token is not the job's current lease
   */
  public Instant heartbeat(long jobId, String leaseToken, Duration extendBy) {
    Objects.requireNonNull(leaseToken, "leaseToken");
    if (extendBy == null || extendBy.toMillis() < 100 || extendBy.toHours() > 24) {
      throw new InvalidJobException(
          "extendBy", "lease extension must be between 100 ms and 24 h, was " + extendBy);
    }
    return store.jobHeartbeat(new JobHeartbeatParams(jobId, leaseToken, extendBy));
  }

  /**
   * Completes a leased job. Repeating a completion that already succeeded under the same lease is
   * harmless.
   *
   * @param resultJson the result as JSON, or null
   * @throws LeaseLostException if the token is not the job's current lease
   * @throws InvalidJobException if {@code resultJson} is not well-formed JSON or too large
   */
  public void complete(long jobId, String leaseToken, String resultJson) {
    Objects.requireNonNull(leaseToken, "leaseToken");
    if (resultJson != null) {
      if (resultJson.length() > config.maxPayloadBytes()) {
        throw new PayloadTooLargeException(resultJson.length(), config.maxPayloadBytes());
      }
      try {
        dev.keel.jobs.internal.Json.parse(resultJson);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new InvalidJobException("result", "result is not well-formed JSON");
      }
    }
    Set<Long> lost =
        store.jobCompleteMany(
            new JobCompleteManyParams(List.of(new JobAck(jobId, leaseToken, resultJson))));
    if (!lost.isEmpty()) {
      throw new LeaseLostException(jobId);
    }
  }

  /**
   * Records a failed attempt of a leased job: retried with the job type's backoff while attempts
   * remain and {@code retryable} is true, else dead-lettered.
   *
   * @return the next state and, when retrying, when
   * @throws LeaseLostException if the token is not the job's current lease
   */
  public FailOutcome fail(long jobId, String leaseToken, JobError error, boolean retryable) {
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(error, "error");
    Job job = store.jobGet(jobId).orElseThrow(() -> new LeaseLostException(jobId));
    Duration delay =
        backoffOf(job.type())
            .delay(Math.max(0, job.attempt() - 1), null, ThreadLocalRandom.current());
    FailOutcome outcome =
        store.jobFail(new JobFailParams(jobId, leaseToken, error, retryable, delay));
    config.metrics().failed(job.queue(), job.type(), Duration.ZERO, outcome.state());
    return outcome;
  }

  /**
   * Gives a leased job back without counting the attempt.
   *
   * @return false if the lease was already lost
   */
  public boolean release(long jobId, String leaseToken) {
    return store.jobRelease(
        new JobReleaseParams(jobId, Objects.requireNonNull(leaseToken, "leaseToken")));
  }

  // ---------------------------------------------------------------- queues and DLQ

  /** Every queue the store knows plus every configured one, with statistics and settings. */
  public List<QueueOverview> queues() {
    Map<String, QueueStats> byName = new LinkedHashMap<>();
    for (QueueStats s : store.queueStats(new QueueStatsParams(config.statsWindow()))) {
      byName.put(s.queue(), s);
    }
    for (String name : config.queues().keySet()) {
      byName.computeIfAbsent(name, Jobs::emptyStats);
    }
    List<QueueOverview> out = new ArrayList<>();
    byName.forEach((name, s) -> out.add(new QueueOverview(config.queue(name), s)));
    out.sort((a, b) -> a.config().name().compareTo(b.config().name()));
    return out;
  }

  private static QueueStats emptyStats(String queue) {
    Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0L);
    }
    return new QueueStats(queue, counts, 0, Duration.ZERO, null);
  }

  /** Dead jobs matching {@code filter}, newest first; page with the last id as {@code beforeId}. */
  public List<Job> dlqList(DlqFilter filter, Long beforeId, int limit) {
    return store.dlqList(new DlqListParams(filter, beforeId, limit));
  }

  /** Replays one dead job (attempts reset, history kept); false if it is not dead. */
  public boolean dlqReplay(long jobId) {
    return store.dlqReplay(DlqActionParams.one(jobId)) == 1;
  }

  /** Discards one dead job; false if it is not dead. */
  public boolean dlqDiscard(long jobId) {
    return store.dlqDiscard(DlqActionParams.one(jobId)) == 1;
  }

  /** Replays every dead job matching {@code filter}; returns the count. */
  public int dlqReplay(DlqFilter filter) {
    return store.dlqReplay(DlqActionParams.matching(filter));
  }

  /** Discards every dead job matching {@code filter}; returns the count. */
  public int dlqDiscard(DlqFilter filter) {
    return store.dlqDiscard(DlqActionParams.matching(filter));
  }

  // ---------------------------------------------------------------- shutdown

  /** Graceful shutdown with the configured grace period. */
  @Override
  public void close() {
    shutdown(config.shutdownGrace());
  }

  /**
   * Stops claiming, lets running jobs finish for up to {@code grace}, then interrupts the rest and
   * releases them back to {@code available} (their attempt is not counted), flushes
   * acknowledgements and stops maintenance. Idempotent.
   */
  public void shutdown(Duration grace) {
    lifecycle.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      signals.wake(null);
      pools.values().forEach(WorkerPool::stopClaiming);
      long deadline = System.nanoTime() + grace.toNanos();
      for (WorkerPool p : pools.values()) {
        p.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
      int released = 0;
      for (WorkerPool p : pools.values()) {
        released += p.releaseRemaining();
      }
      if (released > 0) {
        LOG.info("released {} running jobs back to their queues at shutdown", released);
      }
      pools.values().forEach(WorkerPool::stopHeartbeats);
      if (completer != null) {
        completer.close();
      }
      if (maintenance != null) {
        maintenance.close();
      }
      if (virtualPool != null) {
        virtualPool.shutdownNow();
      }
      if (cpuPool != null) {
        cpuPool.shutdownNow();
      }
      try {
        subscription.close();
      } catch (Exception e) {
        LOG.debug("unsubscribe failed", e);
      }
    } finally {
      lifecycle.unlock();
    }
  }
}
