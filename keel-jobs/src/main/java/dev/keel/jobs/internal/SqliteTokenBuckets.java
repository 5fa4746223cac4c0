package dev.keel.jobs.internal;

import dev.keel.core.internal.SqlCatalog;
import dev.keel.jobs.TokenBucketParams;
import dev.keel.jobs.TokenBucketResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Token buckets in {@code keel_rate_limits} on SQLite: refill computed in SQL on the database
 * clock, read and written in one write transaction under the store's writer lock.
 */
final class SqliteTokenBuckets {

  private SqliteTokenBuckets() {}

  /** Takes tokens in the caller's (write-locked) transaction. */
  static TokenBucketResult take(SqlCatalog sql, Connection c, TokenBucketParams b)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("TokenBucketEnsure"))) {
      ps.setString(1, b.name());
      ps.setDouble(2, b.capacity());
      ps.executeUpdate();
    }
    double available;
    try (PreparedStatement ps = c.prepareStatement(sql.get("TokenBucketAvailable"))) {
      ps.setDouble(1, b.capacity());
      ps.setDouble(2, b.refillPerSecond());
      ps.setString(3, b.name());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        available = rs.getDouble(1);
      }
    }
    int granted;
    if (b.partial()) {
      granted = (int) Math.min(b.tokens(), Math.floor(available));
    } else {
      granted = available >= b.tokens() ? b.tokens() : 0;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.get("TokenBucketSet"))) {
      ps.setDouble(1, available - granted);
      ps.setString(2, b.name());
      ps.executeUpdate();
    }
    if (granted == 0) {
      return new TokenBucketResult(
          0, JdbcJobStoreBase.retryAfter(b, available, b.partial() ? 1 : b.tokens()));
    }
    return new TokenBucketResult(granted, Duration.ZERO);
  }

  /** Gives back tokens taken but not used (up to the capacity). */
  static void refund(SqlCatalog sql, Connection c, TokenBucketParams b, int tokens)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("TokenBucketRefund"))) {
      ps.setDouble(1, b.capacity());
      ps.setDouble(2, tokens);
      ps.setString(3, b.name());
      ps.executeUpdate();
    }
  }
}
