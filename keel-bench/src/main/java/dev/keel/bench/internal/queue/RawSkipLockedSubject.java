package dev.keel.bench.internal.queue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The ceiling: a bare {@code FOR UPDATE SKIP LOCKED} loop with no semantics beyond a state column.
 * Each worker claims up to {@value #BATCH} jobs in one statement, runs them, and marks them
 * completed in one statement; an empty claim makes it sleep {@link #IDLE_POLL} ± 50 %.
 */
final class RawSkipLockedSubject implements QueueSubject {

  static final int BATCH = 32;
  static final Duration IDLE_POLL = Duration.ofMillis(100);

  private final HikariDataSource pool;
  private final List<Thread> workers = new ArrayList<>();

  /** Set once by {@link #close()}; workers exit at their next loop. */
  private volatile boolean stopping;

  RawSkipLockedSubject(String schema) {
    this.pool = Postgres.pool(schema, 20, "raw");
  }

  @Override
  public void create() throws Exception {
    Postgres.run(pool, "RawCreateTable", "RawCreateReadyIndex");
  }

  @Override
  public Enqueuer openEnqueuer() {
    HikariDataSource ds = pool;
    String sql = Postgres.SQL.get("RawEnqueue");
    return new Enqueuer() {
      @Override
      public void enqueue(int index) throws Exception {
        try (Connection c = ds.getConnection();
            PreparedStatement s = c.prepareStatement(sql)) {
          s.setInt(1, index);
          s.executeUpdate();
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void startWorkers(int count) {
    for (int i = 0; i < count; i++) {
      workers.add(Thread.ofVirtual().name("raw-worker-" + i).start(this::work));
    }
  }

  private void work() {
    String claim = Postgres.SQL.get("RawClaim");
    String complete = Postgres.SQL.get("RawComplete");
    try (Connection c = pool.getConnection();
        PreparedStatement claimStmt = c.prepareStatement(claim);
        PreparedStatement completeStmt = c.prepareStatement(complete)) {
      claimStmt.setInt(1, BATCH);
      List<Long> ids = new ArrayList<>(BATCH);
      while (!stopping) {
        ids.clear();
        try (ResultSet rs = claimStmt.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
            Probe.ran(rs.getInt(2));
          }
        }
        if (ids.isEmpty()) {
          // Jittered so idle workers do not poll in lockstep (which would make 16 pollers act
          // like one).
          LockSupport.parkNanos(
              ThreadLocalRandom.current()
                  .nextLong(IDLE_POLL.toNanos() / 2, IDLE_POLL.toNanos() * 3 / 2));
          continue;
        }
        Array array = c.createArrayOf("bigint", ids.toArray());
        completeStmt.setArray(1, array);
        completeStmt.executeUpdate();
        array.free();
      }
    } catch (Exception e) {
      if (!stopping) {
        System.err.println("raw worker failed: " + e);
      }
    }
  }

  @Override
  public long remaining() throws Exception {
    return Postgres.count(pool, "RawRemaining");
  }

  @Override
  public String settings() {
    return BATCH
        + " per claim, 1 completion statement per batch, idle poll "
        + IDLE_POLL.toMillis()
        + " ms ± 50 % per worker";
  }

  @Override
  public void close() throws Exception {
    stopping = true;
    for (Thread t : workers) {
      t.join(Duration.ofSeconds(10));
    }
    pool.close();
  }
}
