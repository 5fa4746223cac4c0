package dev.keel.testkit.internal;

import dev.keel.core.internal.SqlCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Test-only writes to keel-jobs' embedded SQLite schema that stand in for waiting: make scheduled
 * and retrying jobs due now, or let every running lease expire now. Each call opens its own short
 * connection to the store's file (WAL, busy timeout), so it never holds a lock between calls.
 */
public final class JobsTimeTravel {

  private static final SqlCatalog SQL =
      SqlCatalog.load(JobsTimeTravel.class, "dev/keel/testkit/internal/jobs-sqlite.sql");

  private final String url;
  private final SQLiteConfig config;

  /** Time travel on the SQLite job store in {@code file}. */
  public JobsTimeTravel(Path file) {
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    this.config = new SQLiteConfig();
    config.setBusyTimeout(10_000);
  }

  /** Moves the run time of every scheduled or retrying job that is not yet due to now. */
  public int makeDue() {
    return update("JobsMakeDue");
  }

  /** Makes every running lease expire now (the rescuer then treats those workers as dead). */
  public int expireLeases() {
    return update("JobsExpireLeases");
  }

  /** Jobs waiting to run (scheduled, available or retrying), due or not. */
  public long liveCount() {
    try (Connection c = config.createConnection(url);
        PreparedStatement ps = c.prepareStatement(SQL.get("JobsLiveCount"));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot count live jobs in " + url + ": " + e.getMessage(), e);
    }
  }

  /** The queues that have a job due now. */
  public List<String> queuesWithDueWork() {
    try (Connection c = config.createConnection(url);
        PreparedStatement ps = c.prepareStatement(SQL.get("JobsQueuesWithDueWork"));
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot list due queues in " + url + ": " + e.getMessage(), e);
    }
  }

  private int update(String name) {
    try (Connection c = config.createConnection(url);
        PreparedStatement ps = c.prepareStatement(SQL.get(name))) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(name + " failed on " + url + ": " + e.getMessage(), e);
    }
  }
}
