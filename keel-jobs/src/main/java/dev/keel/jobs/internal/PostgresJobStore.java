package dev.keel.jobs.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keel.core.internal.SqlCatalog;
import dev.keel.jobs.DlqActionParams;
import dev.keel.jobs.DlqFilter;
import dev.keel.jobs.DlqListParams;
import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.FailOutcome;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobAck;
import dev.keel.jobs.JobCancelParams;
import dev.keel.jobs.JobClaimParams;
import dev.keel.jobs.JobCompleteManyParams;
import dev.keel.jobs.JobFailParams;
import dev.keel.jobs.JobHeartbeatParams;
import dev.keel.jobs.JobInsertParams;
import dev.keel.jobs.JobPromoteParams;
import dev.keel.jobs.JobReleaseParams;
import dev.keel.jobs.JobRescueParams;
import dev.keel.jobs.JobState;
import dev.keel.jobs.JobStoreException;
import dev.keel.jobs.LeaseLostException;
import dev.keel.jobs.LeasedJob;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.PruneParams;
import dev.keel.jobs.QueueStats;
import dev.keel.jobs.QueueStatsParams;
import dev.keel.jobs.RescueResult;
import dev.keel.jobs.TokenBucketParams;
import dev.keel.jobs.TokenBucketResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The PostgreSQL store. Many processes may share one schema: claims use {@code FOR UPDATE SKIP
 * LOCKED}, wake-ups {@code LISTEN/NOTIFY} on the channel {@code keel_jobs} (payload {@code
 * schema|queue}), and maintenance leadership a session advisory lock on a dedicated connection.
 * Thread-safe.
 */
public final class PostgresJobStore extends JdbcJobStoreBase {

  private final PostgresStoreConfig config;
  private final HikariDataSource pool;

  /** Lease-path pool ({@code synchronous_commit = off}), or {@link #pool} when durable. */
  private final HikariDataSource leasePool;

  private final Properties connectionProps;
  private final ReentrantLock listenerLock = new ReentrantLock();

  /** Started on the first subscription; guarded by {@link #listenerLock}. */
  private PgListener listener;

  private final PgLeader leader;

  /** Sends the wake-ups of committed enqueues outside their transactions. */
  private final PgNotifier notifier;

  /** Opens the pool and migrates the schema. */
  public PostgresJobStore(PostgresStoreConfig config) {
    super(SqlCatalog.load(PostgresJobStore.class, "dev/keel/jobs/internal/postgres.sql"));
    this.config = config;
    this.connectionProps = new Properties();
    if (config.user() != null) {
      connectionProps.setProperty("user", config.user());
    }
    if (config.password() != null) {
      connectionProps.setProperty("password", config.password());
    }
    connectionProps.setProperty("ApplicationName", "keel-jobs");
    // The schema may not exist before the first migration; PostgreSQL accepts that in the path.
    connectionProps.setProperty("currentSchema", config.schema());
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setDataSourceProperties(connectionProps);
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setMinimumIdle(Math.min(2, config.maxPoolSize()));
    hc.setPoolName("keel-jobs-" + config.schema());
    hc.setConnectionTimeout(10_000);
    hc.setInitializationFailTimeout(-1);
    this.leader = new PgLeader(sql, config.jdbcUrl(), connectionProps, config.leaderLockName());
    this.pool = new HikariDataSource(hc);
    try {
      Migrations.postgres(pool, config.schema());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    if (config.durableLeaseCommits()) {
      this.leasePool = pool;
    } else {
      HikariConfig lc = new HikariConfig();
      hc.copyStateTo(lc);
      Properties props = new Properties();
      props.putAll(connectionProps);
      props.setProperty("options", "-c synchronous_commit=off");
      lc.setDataSourceProperties(props);
      lc.setPoolName("keel-jobs-lease-" + config.schema());
      this.leasePool = new HikariDataSource(lc);
    }
    this.notifier =
        new PgNotifier(config.jdbcUrl(), connectionProps, sql.get("NotifyMany"), config.schema());
  }

  @Override
  protected DataSource leaseDataSource() {
    return leasePool;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  protected DataSource dataSource() {
    return pool;
  }

  /** The schema this store works in. */
  public String schema() {
    return config.schema();
  }

  @Override
  protected Instant readInstant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  @Override
  protected void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  // ---------------------------------------------------------------- enqueue

  @Override
  public List<EnqueueResult> jobInsertMany(JobInsertParams params) {
    Set<String> queues = new LinkedHashSet<>();
    // Without admission buckets the enqueue is one statement: auto-commit, one round trip.
    List<EnqueueResult> results =
        params.admission().isEmpty()
            ? autoCommit("enqueue", c -> PgBulkInsert.insert(sql, c, params, queues))
            : inTx("enqueue", c -> insertMany(c, params, queues));
    // After the commit, not inside the transaction: see PgNotifier for why.
    if (!queues.isEmpty()) {
      notifier.notifyQueues(queues);
      for (String q : queues) {
        hub.publish(q); // this process's own workers need not wait for the round trip
      }
    }
    return results;
  }

  @Override
  public List<EnqueueResult> jobInsertMany(Connection connection, JobInsertParams params) {
    return onCallerConnection(
        connection,
        "enqueue",
        c -> {
          Set<String> queues = new LinkedHashSet<>();
          List<EnqueueResult> results = insertMany(c, params, queues);
          // Inside the caller's transaction: the wake-up must only be sent if the caller commits.
          notifyQueues(c, queues);
          return results;
        });
  }

  @Override
  public Optional<Job> jobGet(Connection connection, long id) {
    return onCallerConnection(connection, "get job", c -> get(c, id));
  }

  /**
   * Runs {@code work} inside the caller's transaction with this store's schema first on the {@code
   * search_path}, restoring the caller's path afterwards. On failure the caller's transaction is
   * aborted; its rollback also undoes the path.
   */
  private <T> T onCallerConnection(Connection connection, String what, SqlWork<T> work) {
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalArgumentException(
            what
                + " with a caller's connection needs a transaction: call"
                + " connection.setAutoCommit(false) first, and commit after");
      }
      String saved;
      try (PreparedStatement ps = connection.prepareStatement(sql.get("SearchPathGet"));
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        saved = rs.getString(1);
      }
      // a caller whose path already starts with the schema (e.g. currentSchema) needs no change
      if (firstOnPath(saved).equals(config.schema())) {
        return work.run(connection);
      }
      setSearchPath(connection, config.schema() + ", " + saved);
      T result = work.run(connection);
      setSearchPath(connection, saved);
      return result;
    } catch (SQLException e) {
      throw new JobStoreException("postgres store: " + what + " failed: " + e.getMessage(), e);
    }
  }

  /** The first schema of a {@code search_path} setting, unquoted. */
  static String firstOnPath(String searchPath) {
    String first = searchPath.split(",", 2)[0].trim();
    if (first.length() >= 2 && first.startsWith("\"") && first.endsWith("\"")) {
      return first.substring(1, first.length() - 1).replace("\"\"", "\"");
    }
    return first;
  }

  private void setSearchPath(Connection c, String path) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("SearchPathSet"))) {
      ps.setString(1, path);
      ps.executeQuery().close();
    }
  }

  private List<EnqueueResult> insertMany(Connection c, JobInsertParams params, Set<String> queues)
      throws SQLException {
    for (TokenBucketParams bucket : params.admission()) {
      TokenBucketResult r = take(c, bucket);
      if (r.granted() < bucket.tokens()) {
        throw new dev.keel.jobs.RateLimitedException(queueOfBucket(bucket), r.retryAfter());
      }
    }
    return PgBulkInsert.insert(sql, c, params, queues);
  }

  private void notifyQueues(Connection c, Set<String> queues) throws SQLException {
    if (queues.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.get("Notify"))) {
      for (String q : queues) {
        ps.setString(1, config.schema() + "|" + q);
        ps.executeQuery().close();
      }
    }
  }

  @Override
  public Optional<Job> jobGet(long id) {
    return autoCommit("get job", c -> get(c, id));
  }

  private Optional<Job> get(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("JobGet"))) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(mapJob(rs)) : Optional.empty();
      }
    }
  }

  // ---------------------------------------------------------------- claim and leases

  @Override
  public List<LeasedJob> jobClaim(JobClaimParams p) {
    if (p.typeLimit() == null && p.startLimit() == null) {
      return leaseAutoCommit("claim", c -> claim(c, p, p.max()));
    }
    return inLeaseTx(
        "claim",
        c -> {
          int max = p.max();
          if (p.typeLimit() != null) {
            String type = p.types().iterator().next();
            try (PreparedStatement lock = c.prepareStatement(sql.get("TypeLock"))) {
              lock.setString(1, config.schema() + ":type:" + type);
              lock.executeQuery().close();
            }
            max = Math.min(max, p.typeLimit() - (int) runningOfType(c, type));
            if (max <= 0) {
              return List.<LeasedJob>of();
            }
          }
          TokenBucketParams bucket = null;
          int granted = max;
          if (p.startLimit() != null) {
            TokenBucketParams sp = p.startLimit();
            bucket =
                new TokenBucketParams(sp.name(), sp.capacity(), sp.refillPerSecond(), max, true);
            granted = take(c, bucket).granted();
            if (granted == 0) {
              return List.<LeasedJob>of();
            }
          }
          List<LeasedJob> claimed = claim(c, p, granted);
          if (bucket != null && claimed.size() < granted) {
            refund(c, bucket, granted - claimed.size());
          }
          return claimed;
        });
  }

  private long runningOfType(Connection c, String type) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("RunningCountByType"))) {
      ps.setString(1, type);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private List<LeasedJob> claim(Connection c, JobClaimParams p, int max) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("JobClaim"))) {
      int i = 1;
      ps.setString(i++, p.queue());
      if (p.types() == null) {
        ps.setNull(i++, Types.ARRAY);
        ps.setNull(i++, Types.ARRAY);
      } else {
        String[] types = p.types().toArray(String[]::new);
        ps.setArray(i++, c.createArrayOf("text", types));
        ps.setArray(i++, c.createArrayOf("text", types));
      }
      ps.setArray(i++, c.createArrayOf("text", p.excludeTypes().toArray(String[]::new)));
      ps.setInt(i++, max);
      ps.setString(i++, p.workerId());
      ps.setLong(i, p.visibilityTimeout().toMillis());
      List<LeasedJob> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapLeased(rs));
        }
      }
      return out;
    }
  }

  @Override
  public Instant jobHeartbeat(JobHeartbeatParams p) {
    return leaseAutoCommit(
        "heartbeat",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobHeartbeat"))) {
            ps.setLong(1, p.extendBy().toMillis());
            ps.setLong(2, p.id());
            ps.setString(3, p.leaseToken());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new LeaseLostException(p.id());
              }
              return readInstant(rs, 1);
            }
          }
        });
  }

  @Override
  public Set<Long> jobCompleteMany(JobCompleteManyParams params) {
    List<JobAck> acks = params.acks();
    if (acks.isEmpty()) {
      return Set.of();
    }
    return leaseAutoCommit(
        "complete",
        c -> {
          Long[] ids = new Long[acks.size()];
          String[] tokens = new String[acks.size()];
          String[] results = new String[acks.size()];
          for (int i = 0; i < acks.size(); i++) {
            ids[i] = acks.get(i).id();
            tokens[i] = acks.get(i).leaseToken();
            results[i] = acks.get(i).resultJson();
          }
          Set<Long> done = new HashSet<>();
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobCompleteMany"))) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.setArray(2, c.createArrayOf("text", tokens));
            ps.setArray(3, c.createArrayOf("text", results));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                done.add(rs.getLong(1));
              }
            }
          }
          return lostOf(c, acks, done);
        });
  }

  /** Acks not applied, minus those already completed under the same lease (a repeated ack). */
  private Set<Long> lostOf(Connection c, List<JobAck> acks, Set<Long> done) throws SQLException {
    Set<Long> lost = new HashSet<>();
    for (JobAck ack : acks) {
      if (!done.contains(ack.id()) && !completedWithToken(c, ack)) {
        lost.add(ack.id());
      }
    }
    return lost;
  }

  private boolean completedWithToken(Connection c, JobAck ack) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("JobCompletedWithToken"))) {
      ps.setLong(1, ack.id());
      ps.setString(2, ack.leaseToken());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public FailOutcome jobFail(JobFailParams p) {
    return leaseAutoCommit(
        "fail",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobFail"))) {
            int i = 1;
            ps.setBoolean(i++, p.retryable());
            ps.setBoolean(i++, p.retryable());
            ps.setLong(i++, p.retryDelay().toMillis());
            ps.setBoolean(i++, p.retryable());
            ps.setString(i++, p.error().type());
            ps.setString(i++, p.error().type());
            ps.setString(i++, p.error().message());
            ps.setString(i++, p.error().stack());
            ps.setLong(i++, p.id());
            ps.setString(i, p.leaseToken());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new LeaseLostException(p.id());
              }
              JobState state = JobState.fromDb(rs.getString(1));
              return new FailOutcome(state, state == JobState.DEAD ? null : readInstant(rs, 2));
            }
          }
        });
  }

  @Override
  public boolean jobRelease(JobReleaseParams params) {
    long id = params.id();
    String leaseToken = params.leaseToken();
    return leaseAutoCommit(
        "release",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobRelease"))) {
            ps.setLong(1, id);
            ps.setString(2, leaseToken);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return false;
              }
              notifyQueues(c, Set.of(rs.getString(1)));
              return true;
            }
          }
        });
  }

  // ---------------------------------------------------------------- maintenance

  @Override
  public RescueResult jobRescueExpired(JobRescueParams params) {
    int limit = params.limit();
    return inLeaseTx(
        "rescue",
        c -> {
          int retried = 0;
          int dead = 0;
          Set<String> queues = new LinkedHashSet<>();
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobRescueExpired"))) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (JobState.fromDb(rs.getString(1)) == JobState.DEAD) {
                  dead++;
                } else {
                  retried++;
                  queues.add(rs.getString(2));
                }
              }
            }
          }
          notifyQueues(c, queues);
          return new RescueResult(retried, dead);
        });
  }

  @Override
  public int jobPromoteDue(JobPromoteParams params) {
    int limit = params.limit();
    return inLeaseTx(
        "promote",
        c -> {
          Set<String> queues = new LinkedHashSet<>();
          int n = 0;
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobPromoteDue"))) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                n++;
                queues.add(rs.getString(1));
              }
            }
          }
          notifyQueues(c, queues);
          return n;
        });
  }

  @Override
  public Optional<JobState> jobCancel(JobCancelParams params) {
    long id = params.id();
    return autoCommit(
        "cancel",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobCancel"))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                return Optional.of(JobState.CANCELLED);
              }
            }
          }
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobStateGet"))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(JobState.fromDb(rs.getString(1)))
                  : Optional.<JobState>empty();
            }
          }
        });
  }

  @Override
  public int jobPrune(PruneParams p) {
    return autoCommit(
        "prune jobs",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobPrune"))) {
            ps.setLong(1, p.olderThan().toMillis());
            ps.setInt(2, p.limit());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int dedupPrune(PruneParams p) {
    return autoCommit(
        "prune dedup",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.get("DedupPrune"))) {
            ps.setInt(1, p.limit());
            return ps.executeUpdate();
          }
        });
  }

  // ---------------------------------------------------------------- DLQ

  @Override
  public List<Job> dlqList(DlqListParams p) {
    return autoCommit(
        "list DLQ",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.get("DlqList"))) {
            int i = bindFilter(ps, 1, p.filter());
            bindNullableLong(ps, i++, p.beforeId());
            bindNullableLong(ps, i++, p.beforeId());
            ps.setInt(i, p.limit());
            List<Job> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(mapJob(rs));
              }
            }
            return out;
          }
        });
  }

  /** Binds the five filter fields, each twice; returns the next index. */
  private int bindFilter(PreparedStatement ps, int i, DlqFilter f) throws SQLException {
    DlqFilter filter = f == null ? DlqFilter.ALL : f;
    for (String s : new String[] {filter.queue(), filter.type(), filter.errorType()}) {
      bindNullableString(ps, i++, s);
      bindNullableString(ps, i++, s);
    }
    for (Instant t : new Instant[] {filter.since(), filter.until()}) {
      bindInstant(ps, i++, t);
      bindInstant(ps, i++, t);
    }
    return i;
  }

  @Override
  public int dlqReplay(DlqActionParams p) {
    return dlqAction("DlqReplay", p, true);
  }

  @Override
  public int dlqDiscard(DlqActionParams p) {
    return dlqAction("DlqDiscard", p, false);
  }

  private int dlqAction(String query, DlqActionParams p, boolean notify) {
    return inTx(
        query,
        c -> {
          Set<String> queues = new LinkedHashSet<>();
          int n = 0;
          try (PreparedStatement ps = c.prepareStatement(sql.get(query))) {
            bindNullableLong(ps, 1, p.jobId());
            bindNullableLong(ps, 2, p.jobId());
            bindFilter(ps, 3, p.jobId() != null ? DlqFilter.ALL : p.filter());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                n++;
                queues.add(rs.getString(1));
              }
            }
          }
          if (notify) {
            notifyQueues(c, queues);
          }
          return n;
        });
  }

  // ---------------------------------------------------------------- stats

  @Override
  public List<QueueStats> queueStats(QueueStatsParams params) {
    Duration latencyWindow = params.latencyWindow();
    return autoCommit(
        "queue stats",
        c -> {
          Map<String, Map<JobState, Long>> counts = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql.get("QueueCounts"));
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              counts
                  .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                  .put(JobState.fromDb(rs.getString(2)), rs.getLong(3));
            }
          }
          Map<String, Long> oldest = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql.get("QueueOldestAvailable"));
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              oldest.put(rs.getString(1), rs.getLong(2));
            }
          }
          Map<String, QueueStats.LatencyPercentiles> latency = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql.get("QueueStartLatency"))) {
            ps.setLong(1, latencyWindow.toMillis());
            ps.setLong(2, latencyWindow.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                latency.put(
                    rs.getString(1),
                    new QueueStats.LatencyPercentiles(
                        rs.getLong(2),
                        Duration.ofMillis(rs.getLong(3)),
                        Duration.ofMillis(rs.getLong(4)),
                        Duration.ofMillis(rs.getLong(5)),
                        Duration.ofMillis(rs.getLong(6))));
              }
            }
          }
          return assembleStats(counts, oldest, latency);
        });
  }

  // ---------------------------------------------------------------- token buckets

  @Override
  public TokenBucketResult tokenBucketTake(TokenBucketParams params) {
    return inTx("token bucket", c -> take(c, params));
  }

  private TokenBucketResult take(Connection c, TokenBucketParams b) throws SQLException {
    return PgTokenBuckets.take(sql, c, b);
  }

  private void refund(Connection c, TokenBucketParams b, int tokens) throws SQLException {
    PgTokenBuckets.refund(sql, c, b, tokens);
  }

  // ---------------------------------------------------------------- leadership and wake-ups

  @Override
  public boolean leaderTryAcquire() {
    return leader.tryAcquire();
  }

  @Override
  public void leaderRelease() {
    leader.release();
  }

  @Override
  public AutoCloseable subscribe(java.util.function.Consumer<String> consumer) {
    listenerLock.lock();
    try {
      if (listener == null) {
        listener =
            new PgListener(
                config.jdbcUrl(), connectionProps, sql.get("Listen"), config.schema(), hub);
        listener.start();
      }
    } finally {
      listenerLock.unlock();
    }
    return super.subscribe(consumer);
  }

  @Override
  public void close() {
    notifier.close();
    leaderRelease();
    listenerLock.lock();
    try {
      if (listener != null) {
        listener.close();
        listener = null;
      }
    } finally {
      listenerLock.unlock();
    }
    if (leasePool != pool) {
      leasePool.close();
    }
    pool.close();
  }
}
