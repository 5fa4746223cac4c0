package dev.keel.jobs;

import dev.keel.core.Backoff;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Settings of a {@link Jobs} instance; defaults in brackets, also listed in {@code
 * keel-jobs/README.md}. Build with {@link Jobs#builder(JobStore)}.
 *
 * @param store the store (owned by the caller: {@link Jobs#close()} does not close it)
 * @param queues configured queues by name [{@code high_priority}, {@code default}, {@code batch}];
 *     this node runs a worker pool for each with a registered handler
 * @param implicitQueues accept enqueues and leases on unconfigured queues, with {@code default}'s
 *     settings [true]
 * @param workerId this node's worker id [{@code host-pid-random}]
 * @param maxPayloadBytes largest payload, UTF-8 bytes of its JSON [1 MiB]
 * @param dedupRetention how long the dedup ledger blocks duplicates [24 h]
 * @param finishedRetention how long completed, cancelled and discarded jobs are kept [24 h]
 * @param backoff retry delays [5 s base, 5 min cap, ±25 %]
 * @param defaultMaxAttempts attempts before the DLQ [5]
 * @param rescueInterval how often the leader rescues expired leases and promotes due jobs [5 s]
 * @param pruneInterval how often the leader prunes and checks DLQ depth [1 min]
 * @param statsWindow start-latency window of queue statistics [5 min]
 * @param shutdownGrace how long {@link Jobs#close()} lets running jobs finish [30 s]
 * @param cpuPoolSize threads of the pool for CPU-bound handlers [cores]
 * @param dlqAlertThreshold DLQ depth per queue that raises an alert [100]
 * @param dlqAlertListener told about DLQ alerts [none]
 * @param metrics where to report [no-op]
 * @param maintenance whether this node takes part in maintenance (leader election) [true]
 */
public record JobsConfig(
    JobStore store,
    Map<String, QueueConfig> queues,
    boolean implicitQueues,
    String workerId,
    int maxPayloadBytes,
    Duration dedupRetention,
    Duration finishedRetention,
    Backoff backoff,
    int defaultMaxAttempts,
    Duration rescueInterval,
    Duration pruneInterval,
    Duration statsWindow,
    Duration shutdownGrace,
    int cpuPoolSize,
    long dlqAlertThreshold,
    DlqAlertListener dlqAlertListener,
    JobMetrics metrics,
    boolean maintenance) {

  /** Validates every field; a bad value fails here, naming it. */
  public JobsConfig {
    Objects.requireNonNull(store, "store");
    queues = Map.copyOf(queues);
    queues.forEach(
        (name, q) -> {
          if (!name.equals(q.name())) {
            throw new IllegalArgumentException(
                "queues: key '" + name + "' differs from its config's name '" + q.name() + "'");
          }
        });
    if (workerId == null || workerId.isBlank() || workerId.length() > 200) {
      throw new IllegalArgumentException("workerId must be 1-200 characters, was " + workerId);
    }
    if (maxPayloadBytes < 2 || maxPayloadBytes > 64 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "maxPayloadBytes must be in 2..67108864, was " + maxPayloadBytes);
    }
    positive("dedupRetention", dedupRetention);
    positive("finishedRetention", finishedRetention);
    Objects.requireNonNull(backoff, "backoff");
    if (defaultMaxAttempts < 1 || defaultMaxAttempts > 1000) {
      throw new IllegalArgumentException(
          "defaultMaxAttempts must be in 1..1000, was " + defaultMaxAttempts);
    }
    positive("rescueInterval", rescueInterval);
    positive("pruneInterval", pruneInterval);
    positive("statsWindow", statsWindow);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException(
          "shutdownGrace must not be negative, was " + shutdownGrace);
    }
    if (cpuPoolSize < 1) {
      throw new IllegalArgumentException("cpuPoolSize must be at least 1, was " + cpuPoolSize);
    }
    if (dlqAlertThreshold < 1) {
      throw new IllegalArgumentException(
          "dlqAlertThreshold must be at least 1, was " + dlqAlertThreshold);
    }
    metrics = metrics == null ? JobMetrics.NOOP : metrics;
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }

  /** The settings of {@code queue}: configured, or {@code default}'s under its name. */
  public QueueConfig queue(String queue) {
    QueueConfig q = queues.get(queue);
    if (q != null) {
      return q;
    }
    QueueConfig template = queues.get(QueueConfig.DEFAULT);
    QueueConfig base = QueueConfig.defaults(queue);
    return template == null
        ? base
        : new QueueConfig(
            queue,
            template.concurrency(),
            template.visibilityTimeout(),
            template.startLatencyTarget(),
            template.pollInterval(),
            template.enqueueLimit(),
            template.startLimit());
  }

  /** The three tiers with their default settings. */
  public static Map<String, QueueConfig> defaultTiers() {
    Map<String, QueueConfig> m = new LinkedHashMap<>();
    for (QueueConfig q :
        new QueueConfig[] {
          QueueConfig.highPriority(), QueueConfig.defaultTier(), QueueConfig.batch()
        }) {
      m.put(q.name(), q);
    }
    return m;
  }

  /** {@code host-pid-xxxx}. */
  static String defaultWorkerId() {
    String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    int at = runtime.indexOf('@');
    String pid = at > 0 ? runtime.substring(0, at) : runtime;
    String host = at > 0 ? runtime.substring(at + 1) : "host";
    return host
        + "-"
        + pid
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Builds {@link JobsConfig} and then {@link Jobs}. Not thread-safe. */
  public static final class Builder {
    private final JobStore store;
    private final Map<String, QueueConfig> queues = defaultTiers();
    private boolean implicitQueues = true;
    private String workerId = defaultWorkerId();
    private int maxPayloadBytes = 1024 * 1024;
    private Duration dedupRetention = Duration.ofHours(24);
    private Duration finishedRetention = Duration.ofHours(24);
    private Backoff backoff = Backoff.DEFAULT;
    private int defaultMaxAttempts = 5;
    private Duration rescueInterval = Duration.ofSeconds(5);
    private Duration pruneInterval = Duration.ofMinutes(1);
    private Duration statsWindow = Duration.ofMinutes(5);
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private int cpuPoolSize = Runtime.getRuntime().availableProcessors();
    private long dlqAlertThreshold = 100;
    private DlqAlertListener dlqAlertListener;
    private JobMetrics metrics = JobMetrics.NOOP;
    private boolean maintenance = true;

    Builder(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** Adds or replaces a queue's settings. */
    public Builder queue(QueueConfig value) {
      queues.put(value.name(), value);
      return this;
    }

    /** Sets the visibility timeout of every queue configured so far. */
    public Builder visibilityTimeout(Duration value) {
      queues.replaceAll((k, q) -> q.withVisibilityTimeout(value));
      return this;
    }

    /** Sets the poll interval of every queue configured so far. */
    public Builder pollInterval(Duration value) {
      queues.replaceAll((k, q) -> q.withPollInterval(value));
      return this;
    }

    /** [true] */
    public Builder implicitQueues(boolean value) {
      this.implicitQueues = value;
      return this;
    }

    /** [{@code host-pid-random}] */
    public Builder workerId(String value) {
      this.workerId = value;
      return this;
    }

    /** [1 MiB] */
    public Builder maxPayloadBytes(int value) {
      this.maxPayloadBytes = value;
      return this;
    }

    /** [24 h] */
    public Builder dedupRetention(Duration value) {
      this.dedupRetention = value;
      return this;
    }

    /** [24 h] */
    public Builder finishedRetention(Duration value) {
      this.finishedRetention = value;
      return this;
    }

    /** [5 s, 5 min, ±25 %] */
    public Builder backoff(Backoff value) {
      this.backoff = value;
      return this;
    }

    /** [5] */
    public Builder defaultMaxAttempts(int value) {
      this.defaultMaxAttempts = value;
      return this;
    }

    /** [5 s] */
    public Builder rescueInterval(Duration value) {
      this.rescueInterval = value;
      return this;
    }

    /** [1 min] */
    public Builder pruneInterval(Duration value) {
      this.pruneInterval = value;
      return this;
    }

    /** [5 min] */
    public Builder statsWindow(Duration value) {
      this.statsWindow = value;
      return this;
    }

    /** [30 s] */
    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = value;
      return this;
    }

    /** [cores] */
    public Builder cpuPoolSize(int value) {
      this.cpuPoolSize = value;
      return this;
    }

    /** [100] */
    public Builder dlqAlertThreshold(long value) {
      this.dlqAlertThreshold = value;
      return this;
    }

    /** [none] */
    public Builder dlqAlertListener(DlqAlertListener value) {
      this.dlqAlertListener = value;
      return this;
    }

    /** [no-op] */
    public Builder metrics(JobMetrics value) {
      this.metrics = value;
      return this;
    }

    /** [true] */
    public Builder maintenance(boolean value) {
      this.maintenance = value;
      return this;
    }

    /** The validated configuration. */
    public JobsConfig config() {
      return new JobsConfig(
          store,
          queues,
          implicitQueues,
          workerId,
          maxPayloadBytes,
          dedupRetention,
          finishedRetention,
          backoff,
          defaultMaxAttempts,
          rescueInterval,
          pruneInterval,
          statsWindow,
          shutdownGrace,
          cpuPoolSize,
          dlqAlertThreshold,
          dlqAlertListener,
          metrics,
          maintenance);
    }

    /** A new {@link Jobs} (not started). */
    public Jobs build() {
      return new Jobs(config());
    }
  }
}
