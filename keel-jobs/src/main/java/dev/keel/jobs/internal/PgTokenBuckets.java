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
 * Token buckets in {@code keel_rate_limits}: the refill arithmetic runs in SQL on the database
 * clock under a row lock, so every node shares one bucket.
 */
final class PgTokenBuckets {

  private PgTokenBuckets() {}

  /** Takes tokens (ensuring the bucket row exists) in the caller's transaction. */
  static TokenBucketResult take(SqlCatalog sql, Connection c, TokenBucketParams b)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.get("TokenBucketEnsure"))) {
      ps.setString(1, b.name());
      ps.setDouble(2, b.capacity());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(sql.get("TokenBucketTake"))) {
      ps.setDouble(1, b.capacity());
      ps.setDouble(2, b.refillPerSecond());
      ps.setString(3, b.name());
      ps.setBoolean(4, b.partial());
      ps.setInt(5, b.tokens());
      ps.setInt(6, b.tokens());
      ps.setInt(7, b.tokens());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int granted = rs.getInt(1);
        double available = rs.getDouble(2);
        if (granted == 0 || (!b.partial() && granted < b.tokens())) {
          return new TokenBucketResult(
              0, JdbcJobStoreBase.retryAfter(b, available, b.partial() ? 1 : b.tokens()));
        }
        return new TokenBucketResult(granted, Duration.ZERO);
      }
    }
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
