package dev.keel.jobs.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keel.core.internal.SqlCatalog;
import dev.keel.core.internal.SqliteWriteLocks;
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
import dev.keel.jobs.JobInsert;
import dev.keel.jobs.JobInsertParams;
import dev.keel.jobs.JobPromoteParams;
import dev.keel.jobs.JobReleaseParams;
import dev.keel.jobs.JobRescueParams;
import dev.keel.jobs.JobState;
import dev.keel.jobs.JobStoreException;
import dev.keel.jobs.LeaseLostException;
import dev.keel.jobs.LeasedJob;
import dev.keel.jobs.PruneParams;
import dev.keel.jobs.QueueStats;
import dev.keel.jobs.QueueStatsParams;
import dev.keel.jobs.RateLimitedException;
import dev.keel.jobs.RescueResult;
import dev.keel.jobs.SqliteStoreConfig;
import dev.keel.jobs.TokenBucketParams;
import dev.keel.jobs.TokenBucketResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded SQLite store for one process: WAL mode, a busy timeout, and the file's in-process
 * writer lock ({@link SqliteWriteLocks}, shared with Keel's other stores on the file) so write
 * transactions never contend for SQLite's file lock (reads run in parallel). A caller's transaction
 * ({@link #jobInsertMany(Connection, JobInsertParams)}) is the caller's to serialise. Wake-ups are
 * delivered in-process after each commit. Not for several processes on one file: leases and
 * leadership assume a single process. Thread-safe.
 */
public final class SqliteJobStore extends JdbcJobStoreBase {

  private final HikariDataSource pool;

  /**
   * Serialises write transactions on the file: the store's own and those of every other Keel store
   * on the same file in this process (SQLite has one writer at a time anyway).
   */
  private final ReentrantLock writer;

  /** Opens (creating if needed) the database file and migrates it. */
  public SqliteJobStore(SqliteStoreConfig config) {
    super(SqlCatalog.load(SqliteJobStore.class, "dev/keel/jobs/internal/sqlite.sql"));
    Path file = config.file().toAbsolutePath();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new JobStoreException("cannot create directory for " + file + ": " + e, e);
    }
    this.writer = SqliteWriteLocks.of(file);
    SQLiteConfig sc = new SQLiteConfig();
    sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sc.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sc.setBusyTimeout((int) config.busyTimeout().toMillis());
    sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource ds = new SQLiteDataSource(sc);
    ds.setUrl("jdbc:sqlite:" + file);
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(ds);
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setPoolName("keel-jobs-sqlite");
    this.pool = new HikariDataSource(hc);
    try {
      Migrations.sqlite(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  protected DataSource dataSource() {
    return pool;
  }

  @Override
  protected Instant readInstant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  @Override
  protected void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  /** A write transaction under the writer lock. */
  private <T> T write(String what, SqlWork<T> work) {
    writer.lock();
    try {
      return inTx(what, work);
    } finally {
      writer.unlock();
    }
  }

  // ---------------------------------------------------------------- enqueue

  @Override
  public List<EnqueueResult> jobInsertMany(JobInsertParams params) {
    Set<String> queues = new LinkedHashSet<>();
    List<EnqueueResult> out = write("enqueue", c -> insertMany(c, params, queues));
    queues.forEach(hub::publish);
    return out;
  }

  @Override
  public List<EnqueueResult> jobInsertMany(Connection connection, JobInsertParams params) {
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalArgumentException(
            "enqueue with a caller's connection needs a transaction: call"
                + " connection.setAutoCommit(false) first, and commit after");
      }
      Set<String> queues = new LinkedHashSet<>();
      List<EnqueueResult> out = insertMany(connection, params, queues);
      // Best effort: the caller has not committed yet; workers also poll.
      queues.forEach(hub::publish);
      return out;
    } catch (SQLException e) {
      throw new JobStoreException("sqlite store: enqueue failed: " + e.getMessage(), e);
    }
  }

  private List<EnqueueResult> insertMany(Connection c, JobInsertParams params, Set<String> queues)
      throws SQLException {
    for (TokenBucketParams bucket : params.admission()) {
      TokenBucketResult r = take(c, bucket);
      if (r.granted() < bucket.tokens()) {
        throw new RateLimitedException(queueOfBucket(bucket), r.retryAfter());
      }
    }
    List<EnqueueResult> results = new ArrayList<>(params.jobs().size());
    long retentionMs = params.dedupRetention().toMillis();
    try (PreparedStatement insert = c.prepareStatement(sql.get("JobInsert"));
        PreparedStatement dedup = c.prepareStatement(sql.get("DedupClaim"))) {
      for (JobInsert job : params.jobs()) {
        int i = 1;
        insert.setString(i++, job.queue());
        insert.setString(i++, job.type());
        insert.setString(i++, job.payloadJson());
        insert.setInt(i++, job.priority());
        insert.setInt(i++, job.maxAttempts());
        insert.setString(i++, job.ownerId());
        bindNullableString(insert, i++, job.operationHash());
        insert.setString(i++, job.idempotencyKey());
        bindInstant(insert, i++, job.runAt());
        insert.setLong(i, job.delayMillis());
        long id;
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
        if (job.operationHash() != null) {
          dedup.setString(1, job.ownerId());
          dedup.setString(2, job.operationHash());
          dedup.setLong(3, id);
          dedup.setLong(4, retentionMs);
          boolean claimed;
          try (ResultSet rs = dedup.executeQuery()) {
            claimed = rs.next();
          }
          if (!claimed) {
            delete(c, id);
            results.add(new EnqueueResult(lookupDedup(c, job), true));
            continue;
          }
        }
        results.add(new EnqueueResult(id, false));
        queues.add(job.queue());
      }
    }
    return results;
  }

  private void delete(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("JobDelete"))) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }

  private long lookupDedup(Connection c, JobInsert job) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("DedupLookup"))) {
      ps.setString(1, job.ownerId());
      ps.setString(2, job.operationHash());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("dedup entry vanished during enqueue; retry the enqueue");
        }
        return rs.getLong(1);
      }
    }
  }

  @Override
  public Optional<Job> jobGet(long id) {
    return autoCommit("get job", c -> get(c, id));
  }

  @Override
  public Optional<Job> jobGet(Connection connection, long id) {
    try {
      return get(connection, id);
    } catch (SQLException e) {
      throw new JobStoreException("sqlite store: get job failed: " + e.getMessage(), e);
    }
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
    return write(
        "claim",
        c -> {
          int max = p.max();
          if (p.typeLimit() != null) {
            max =
                Math.min(max, p.typeLimit() - (int) runningOfType(c, p.types().iterator().next()));
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
      ps.setString(i++, p.workerId());
      ps.setLong(i++, p.visibilityTimeout().toMillis());
      ps.setString(i++, p.queue());
      String types = p.types() == null ? null : Json.write(p.types());
      bindNullableString(ps, i++, types);
      bindNullableString(ps, i++, types);
      ps.setString(i++, Json.write(p.excludeTypes()));
      ps.setInt(i, max);
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
    return write(
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
    return write(
        "complete",
        c -> {
          Set<Long> lost = new HashSet<>();
          try (PreparedStatement ps = c.prepareStatement(sql.get("JobComplete"));
              PreparedStatement check = c.prepareStatement(sql.get("JobCompletedWithToken"))) {
            for (JobAck ack : acks) {
              bindNullableString(ps, 1, ack.resultJson());
              ps.setLong(2, ack.id());
              ps.setString(3, ack.leaseToken());
              if (ps.executeUpdate() == 0) {
                check.setLong(1, ack.id());
                check.setString(2, ack.leaseToken());
                try (ResultSet rs = check.executeQuery()) {
                  if (!rs.next()) {
                    lost.add(ack.id());
                  }
                }
              }
            }
          }
          return lost;
        });
  }

  @Override
  public FailOutcome jobFail(JobFailParams p) {
    return write(
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
    String queue =
        write(
            "release",
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql.get("JobRelease"))) {
                ps.setLong(1, id);
                ps.setString(2, leaseToken);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getString(1) : null;
                }
              }
            });
    if (queue != null) {
      hub.publish(queue);
    }
    return queue != null;
  }

  // ---------------------------------------------------------------- maintenance

  @Override
  public RescueResult jobRescueExpired(JobRescueParams params) {
    int limit = params.limit();
    Set<String> queues = new LinkedHashSet<>();
    RescueResult result =
        write(
            "rescue",
            c -> {
              int retried = 0;
              int dead = 0;
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
              return new RescueResult(retried, dead);
            });
    queues.forEach(hub::publish);
    return result;
  }

  @Override
  public int jobPromoteDue(JobPromoteParams params) {
    int limit = params.limit();
    Set<String> queues = new LinkedHashSet<>();
    int n =
        write(
            "promote",
            c -> {
              int count = 0;
              try (PreparedStatement ps = c.prepareStatement(sql.get("JobPromoteDue"))) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    count++;
                    queues.add(rs.getString(1));
                  }
                }
              }
              return count;
            });
    queues.forEach(hub::publish);
    return n;
  }

  @Override
  public Optional<JobState> jobCancel(JobCancelParams params) {
    long id = params.id();
    return write(
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
    return write(
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
    return write(
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
            DlqFilter f = p.filter();
            bindNullableString(ps, 1, f.queue());
            bindNullableString(ps, 2, f.type());
            bindNullableString(ps, 3, f.errorType());
            bindInstant(ps, 4, f.since());
            bindInstant(ps, 5, f.until());
            bindNullableLong(ps, 6, p.beforeId());
            ps.setInt(7, p.limit());
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

  @Override
  public int dlqReplay(DlqActionParams p) {
    return dlqAction("DlqReplay", p, true);
  }

  @Override
  public int dlqDiscard(DlqActionParams p) {
    return dlqAction("DlqDiscard", p, false);
  }

  private int dlqAction(String query, DlqActionParams p, boolean notify) {
    Set<String> queues = new LinkedHashSet<>();
    int n =
        write(
            query,
            c -> {
              int count = 0;
              try (PreparedStatement ps = c.prepareStatement(sql.get(query))) {
                DlqFilter f = p.jobId() != null || p.filter() == null ? DlqFilter.ALL : p.filter();
                bindNullableLong(ps, 1, p.jobId());
                bindNullableString(ps, 2, f.queue());
                bindNullableString(ps, 3, f.type());
                bindNullableString(ps, 4, f.errorType());
                bindInstant(ps, 5, f.since());
                bindInstant(ps, 6, f.until());
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    count++;
                    queues.add(rs.getString(1));
                  }
                }
              }
              return count;
            });
    if (notify) {
      queues.forEach(hub::publish);
    }
    return n;
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
          Map<String, List<Long>> samples = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql.get("QueueStartLatency"))) {
            ps.setLong(1, latencyWindow.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                samples.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
              }
            }
          }
          Map<String, QueueStats.LatencyPercentiles> latency = new HashMap<>();
          samples.forEach((q, sorted) -> latency.put(q, Percentiles.of(sorted)));
          return assembleStats(counts, oldest, latency);
        });
  }

  // ---------------------------------------------------------------- token buckets

  @Override
  public TokenBucketResult tokenBucketTake(TokenBucketParams params) {
    return write("token bucket", c -> take(c, params));
  }

  private TokenBucketResult take(Connection c, TokenBucketParams b) throws SQLException {
    return SqliteTokenBuckets.take(sql, c, b);
  }

  private void refund(Connection c, TokenBucketParams b, int tokens) throws SQLException {
    SqliteTokenBuckets.refund(sql, c, b, tokens);
  }

  // ---------------------------------------------------------------- leadership

  /** One process owns the file, so it always leads. */
  @Override
  public boolean leaderTryAcquire() {
    return true;
  }

  @Override
  public void leaderRelease() {
    // nothing held
  }

  @Override
  public void close() {
    pool.close();
  }
}
