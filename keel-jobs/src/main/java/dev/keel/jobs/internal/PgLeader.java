package dev.keel.jobs.internal;

import dev.keel.core.internal.SqlCatalog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance leadership among nodes: a session-level advisory lock held on a dedicated connection.
 * Each {@link #tryAcquire()} pings the connection; when it broke (database restart, network), the
 * lock went with the session and is competed for again. Thread-safe.
 */
final class PgLeader {

  private static final Logger LOG = LoggerFactory.getLogger(PgLeader.class);

  private final SqlCatalog sql;
  private final String url;
  private final Properties props;
  private final String lockName;
  private final ReentrantLock leaderLock = new ReentrantLock();

  /** The connection holding the lock, or null; guarded by {@link #leaderLock}. */
  private Connection leaderConnection;

  PgLeader(SqlCatalog sql, String url, Properties props, String lockName) {
    this.sql = sql;
    this.url = url;
    this.props = props;
    this.lockName = lockName;
  }

  /** Acquires the lock, or confirms it is still held; false when another node holds it. */
  boolean tryAcquire() {
    leaderLock.lock();
    try {
      if (leaderConnection != null) {
        if (pingLeader()) {
          return true;
        }
        closeLeaderConnection();
      }
      Connection c = DriverManager.getConnection(url, props);
      try (PreparedStatement ps = c.prepareStatement(sql.get("LeaderTryLock"))) {
        ps.setString(1, lockName);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            leaderConnection = c;
            return true;
          }
        }
      }
      c.close();
      return false;
    } catch (SQLException e) {
      LOG.debug("leader election failed: {}", e.getMessage());
      closeLeaderConnection();
      return false;
    } finally {
      leaderLock.unlock();
    }
  }

  private boolean pingLeader() {
    try (PreparedStatement ps = leaderConnection.prepareStatement(sql.get("Ping"))) {
      ps.setQueryTimeout(5);
      ps.executeQuery().close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeLeaderConnection() {
    if (leaderConnection != null) {
      try {
        leaderConnection.close();
      } catch (SQLException ignored) {
        // the session lock goes with the session
      }
      leaderConnection = null;
    }
  }

  /** Releases the lock and closes its connection. */
  void release() {
    leaderLock.lock();
    try {
      if (leaderConnection != null) {
        try (PreparedStatement ps = leaderConnection.prepareStatement(sql.get("LeaderUnlock"))) {
          ps.setString(1, lockName);
          ps.executeQuery().close();
        } catch (SQLException ignored) {
          // closing the session releases the lock anyway
        }
        closeLeaderConnection();
      }
    } finally {
      leaderLock.unlock();
    }
  }
}
