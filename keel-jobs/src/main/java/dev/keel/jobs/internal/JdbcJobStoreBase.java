package dev.keel.jobs.internal;

import dev.keel.core.internal.SqlCatalog;
import dev.keel.jobs.AttemptError;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobState;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStoreException;
import dev.keel.jobs.LeasedJob;
import dev.keel.jobs.QueueStats;
import dev.keel.jobs.RateLimitedException;
import dev.keel.jobs.TokenBucketParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * What the PostgreSQL and SQLite stores share: transactions, row mapping and the wake-up hub. The
 * SQL itself lives in each store's catalog.
 */
abstract class JdbcJobStoreBase implements JobStore {

  /** Prefix of admission buckets; the rest of the name is the queue. */
  static final String ENQUEUE_BUCKET_PREFIX = "enqueue:";

  protected final SqlCatalog sql;
  protected final WakeupHub hub = new WakeupHub();

  JdbcJobStoreBase(SqlCatalog sql) {
    this.sql = sql;
  }

  /** The pool the store's own transactions come from. */
  protected abstract DataSource dataSource();

  /**
   * The pool for lease-path changes (claim, heartbeat, complete, fail, release, rescue, promote);
   * the same as {@link #dataSource()} unless a store relaxes their durability.
   */
  protected DataSource leaseDataSource() {
    return dataSource();
  }

  /** Reads a timestamp column (null stays null). */
  protected abstract Instant readInstant(ResultSet rs, int column) throws SQLException;

  /** Binds a timestamp (null binds SQL NULL). */
  protected abstract void bindInstant(PreparedStatement ps, int index, Instant value)
      throws SQLException;

  /** Work on a connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction: commit on return, rollback on any exception. */
  protected <T> T inTx(String what, SqlWork<T> work) {
    return inTx(dataSource(), what, work);
  }

  /** {@link #inTx(String, SqlWork)} on the lease-path pool. */
  protected <T> T inLeaseTx(String what, SqlWork<T> work) {
    return inTx(leaseDataSource(), what, work);
  }

  private <T> T inTx(DataSource ds, String what, SqlWork<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new JobStoreException(name() + " store: " + what + " failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} on an auto-commit connection (single statements). */
  protected <T> T autoCommit(String what, SqlWork<T> work) {
    return autoCommit(dataSource(), what, work);
  }

  /** {@link #autoCommit(String, SqlWork)} on the lease-path pool. */
  protected <T> T leaseAutoCommit(String what, SqlWork<T> work) {
    return autoCommit(leaseDataSource(), what, work);
  }

  private <T> T autoCommit(DataSource ds, String what, SqlWork<T> work) {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new JobStoreException(name() + " store: " + what + " failed: " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<String> listener) {
    return hub.subscribe(listener);
  }

  static void bindNullableString(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  static void bindNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  /** Maps the standard job column list (see {@code JobGet} in the catalogs). */
  protected Job mapJob(ResultSet rs) throws SQLException {
    return new Job(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        JobState.fromDb(rs.getString(5)),
        rs.getInt(6),
        rs.getInt(7),
        rs.getInt(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        readInstant(rs, 12),
        readInstant(rs, 13),
        readInstant(rs, 14),
        readInstant(rs, 15),
        rs.getString(16),
        readInstant(rs, 17),
        rs.getString(18),
        errors(rs.getString(19)));
  }

  /** Maps the claim's {@code RETURNING} list (its timestamps are epoch millis in both stores). */
  protected LeasedJob mapLeased(ResultSet rs) throws SQLException {
    return new LeasedJob(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        rs.getInt(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        Instant.ofEpochMilli(rs.getLong(10)),
        Instant.ofEpochMilli(rs.getLong(11)),
        Duration.ofMillis(rs.getLong(12)));
  }

  static List<AttemptError> errors(String json) {
    List<AttemptError> out = new ArrayList<>();
    for (Map<String, Object> e : Json.readErrors(json)) {
      out.add(
          new AttemptError(
              ((Number) e.getOrDefault("attempt", 0)).intValue(),
              (String) e.get("workerId"),
              millis(e.get("startedAt")),
              millis(e.get("failedAt")),
              String.valueOf(e.getOrDefault("type", "")),
              String.valueOf(e.getOrDefault("message", "")),
              String.valueOf(e.getOrDefault("stack", ""))));
    }
    return out;
  }

  private static Instant millis(Object value) {
    return value instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
  }

  /** The queue of an admission bucket name, for error messages. */
  static String queueOfBucket(TokenBucketParams bucket) {
    String name = bucket.name();
    return name.startsWith(ENQUEUE_BUCKET_PREFIX)
        ? name.substring(ENQUEUE_BUCKET_PREFIX.length())
        : name;
  }

  /** Retry-after for a refused take: time until {@code wanted} tokens are there. */
  static Duration retryAfter(TokenBucketParams bucket, double available, int wanted) {
    double missing = Math.max(0, wanted - available);
    long ms = (long) Math.ceil(missing / bucket.refillPerSecond() * 1000.0);
    return Duration.ofMillis(Math.max(1, ms));
  }

  static RateLimitedException rateLimited(TokenBucketParams bucket, double available) {
    return new RateLimitedException(
        queueOfBucket(bucket), retryAfter(bucket, available, bucket.tokens()));
  }

  /** Builds {@link QueueStats} from the three statistics queries' results. */
  static List<QueueStats> assembleStats(
      Map<String, Map<JobState, Long>> counts,
      Map<String, Long> oldestMs,
      Map<String, QueueStats.LatencyPercentiles> latency) {
    Map<String, QueueStats> out = new LinkedHashMap<>();
    List<String> queues = new ArrayList<>(counts.keySet());
    for (String q : latency.keySet()) {
      if (!queues.contains(q)) {
        queues.add(q);
      }
    }
    queues.sort(null);
    for (String q : queues) {
      Map<JobState, Long> byState = new EnumMap<>(JobState.class);
      for (JobState s : JobState.values()) {
        byState.put(s, 0L);
      }
      byState.putAll(counts.getOrDefault(q, Map.of()));
      out.put(
          q,
          new QueueStats(
              q,
              byState,
              byState.get(JobState.DEAD),
              Duration.ofMillis(oldestMs.getOrDefault(q, 0L)),
              latency.get(q)));
    }
    return List.copyOf(out.values());
  }
}
