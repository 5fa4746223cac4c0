package dev.keel.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link JobMetrics} on Micrometer (an optional dependency: add {@code micrometer-core} to use it).
 *
 * <p>Meters (tags in braces):
 *
 * <ul>
 *   <li>{@value #ENQUEUED} {queue, type, duplicate}
 *   <li>{@value #STARTED} {queue, type}
 *   <li>{@value #COMPLETED} {queue, type}
 *   <li>{@value #FAILED} {queue, type, outcome=retrying|dead}
 *   <li>{@value #RETRIED} and {@value #DEAD_LETTERED} {queue, type}
 *   <li>{@value #LEASE_LOST} {queue, type}
 *   <li>{@value #RESCUED} {outcome=retrying|dead}
 *   <li>{@value #DURATION} timer {queue, type}
 *   <li>{@value #START_LATENCY} timer {queue}; {@value #START_LATENCY_TARGET} gauge {queue};
 *       {@value #START_LATENCY_MISSED} counter {queue} of starts later than the target
 *   <li>{@value #DEPTH} gauge {queue, state}; {@value #DLQ_DEPTH} gauge {queue}; {@value
 *       #DLQ_ALERTS} counter {queue}
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class MicrometerJobMetrics implements JobMetrics {

  public static final String ENQUEUED = "keel.jobs.enqueued";
  public static final String STARTED = "keel.jobs.started";
  public static final String COMPLETED = "keel.jobs.completed";
  public static final String FAILED = "keel.jobs.failed";
  public static final String RETRIED = "keel.jobs.retried";
  public static final String DEAD_LETTERED = "keel.jobs.dead.lettered";
  public static final String LEASE_LOST = "keel.jobs.lease.lost";
  public static final String RESCUED = "keel.jobs.rescued";
  public static final String DURATION = "keel.jobs.duration";
  public static final String START_LATENCY = "keel.jobs.start.latency";
  public static final String START_LATENCY_TARGET = "keel.jobs.start.latency.target";
  public static final String START_LATENCY_MISSED = "keel.jobs.start.latency.missed";
  public static final String DEPTH = "keel.jobs.depth";
  public static final String DLQ_DEPTH = "keel.jobs.dlq.depth";
  public static final String DLQ_ALERTS = "keel.jobs.dlq.alerts";

  private final MeterRegistry registry;

  /** Last depth per "queue|state" and DLQ depth per queue, read by the gauges. */
  private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();

  private final Map<String, AtomicLong> targets = new ConcurrentHashMap<>();

  /** Meters on {@code registry}. */
  public MicrometerJobMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void enqueued(String queue, String type, boolean duplicate) {
    Counter.builder(ENQUEUED)
        .description("Jobs enqueued (duplicate=true: answered from the dedup ledger)")
        .tags("queue", queue, "type", type, "duplicate", Boolean.toString(duplicate))
        .register(registry)
        .increment();
  }

  @Override
  public void started(String queue, String type, Duration startLatency, Duration target) {
    Counter.builder(STARTED)
        .description("Job attempts started")
        .tags("queue", queue, "type", type)
        .register(registry)
        .increment();
    Timer.builder(START_LATENCY)
        .description("From due to claimed")
        .tags("queue", queue)
        .publishPercentiles(0.5, 0.99)
        .register(registry)
        .record(startLatency);
    if (target != null) {
      AtomicLong t =
          targets.computeIfAbsent(
              queue,
              q -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder(START_LATENCY_TARGET, v, AtomicLong::doubleValue)
                    .description("The queue's start-latency target in seconds")
                    .tags("queue", q)
                    .baseUnit("seconds")
                    .register(registry);
                return v;
              });
      t.set(target.toSeconds());
      if (startLatency.compareTo(target) > 0) {
        Counter.builder(START_LATENCY_MISSED)
            .description("Starts later than the queue's start-latency target")
            .tags("queue", queue)
            .register(registry)
            .increment();
      }
    }
  }

  @Override
  public void completed(String queue, String type, Duration duration) {
    Counter.builder(COMPLETED)
        .description("Jobs completed (acknowledgement committed)")
        .tags("queue", queue, "type", type)
        .register(registry)
        .increment();
    timer(queue, type).record(duration);
  }

  @Override
  public void failed(String queue, String type, Duration duration, JobState next) {
    Counter.builder(FAILED)
        .description("Failed attempts")
        .tags("queue", queue, "type", type, "outcome", next.dbName())
        .register(registry)
        .increment();
    String name = next == JobState.DEAD ? DEAD_LETTERED : RETRIED;
    Counter.builder(name)
        .description(next == JobState.DEAD ? "Jobs moved to the DLQ" : "Jobs scheduled for retry")
        .tags("queue", queue, "type", type)
        .register(registry)
        .increment();
    if (!duration.isZero()) {
      timer(queue, type).record(duration);
    }
  }

  private Timer timer(String queue, String type) {
    return Timer.builder(DURATION)
        .description("Handler run time per attempt")
        .tags("queue", queue, "type", type)
        .register(registry);
  }

  @Override
  public void leaseLost(String queue, String type) {
    Counter.builder(LEASE_LOST)
        .description("Attempts whose lease was lost; their outcome was discarded")
        .tags("queue", queue, "type", type)
        .register(registry)
        .increment();
  }

  @Override
  public void rescued(int retried, int dead) {
    Counter.builder(RESCUED)
        .description("Expired leases rescued")
        .tags("outcome", "retrying")
        .register(registry)
        .increment(retried);
    Counter.builder(RESCUED)
        .description("Expired leases rescued")
        .tags("outcome", "dead")
        .register(registry)
        .increment(dead);
  }

  @Override
  public void queueDepth(QueueStats stats) {
    stats.counts().forEach((state, n) -> depth(stats.queue(), state.dbName()).set(n));
    dlqDepth(stats.queue()).set(stats.dlqDepth());
  }

  private AtomicLong depth(String queue, String state) {
    return depths.computeIfAbsent(
        queue + "|" + state,
        k -> {
          AtomicLong v = new AtomicLong();
          Gauge.builder(DEPTH, v, AtomicLong::doubleValue)
              .description("Jobs per queue and state (refreshed by the maintenance leader)")
              .tags("queue", queue, "state", state)
              .register(registry);
          return v;
        });
  }

  private AtomicLong dlqDepth(String queue) {
    return depths.computeIfAbsent(
        queue + "|dlq",
        k -> {
          AtomicLong v = new AtomicLong();
          Gauge.builder(DLQ_DEPTH, v, AtomicLong::doubleValue)
              .description("Dead jobs per queue")
              .tags("queue", queue)
              .register(registry);
          return v;
        });
  }

  @Override
  public void dlqAlert(String queue, long depth, long threshold) {
    Counter.builder(DLQ_ALERTS)
        .description("DLQ depth checks at or above the alert threshold")
        .tags("queue", queue)
        .register(registry)
        .increment();
  }
}
