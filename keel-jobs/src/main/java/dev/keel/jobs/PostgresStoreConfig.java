package dev.keel.jobs;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the PostgreSQL store.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/keel}; may carry user and password
 * @param user user name, or null when the URL carries it
 * @param password password, or null
 * @param schema the schema holding Keel's tables; created by the first migration if missing [{@code
 *     keel}]
 * @param maxPoolSize connections in each of the store's pools [10] (two pools unless {@code
 *     durableLeaseCommits}, plus one LISTEN and one leader connection)
 * @param leaderLockName the advisory lock that elects the maintenance leader; nodes sharing a
 *     schema must use the same name [{@code keel_jobs_leader:<schema>}]
 * @param durableLeaseCommits whether claims, heartbeats, completions and failures wait for the WAL
 *     flush [true]; false trades a possible re-run after a database crash for throughput
 */
public record PostgresStoreConfig(
    String jdbcUrl,
    String user,
    String password,
    String schema,
    int maxPoolSize,
    String leaderLockName,
    boolean durableLeaseCommits) {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Validates; a bad value fails here, naming the field. */
  public PostgresStoreConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with jdbc:postgresql:, was " + redact(jdbcUrl));
    }
    schema = schema == null ? "keel" : schema;
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must be 1-63 lower-case letters, digits or _ (not starting with a digit), was "
              + schema);
    }
    if (maxPoolSize < 1 || maxPoolSize > 1000) {
      throw new IllegalArgumentException("maxPoolSize must be in 1..1000, was " + maxPoolSize);
    }
    leaderLockName = leaderLockName == null ? "keel_jobs_leader:" + schema : leaderLockName;
  }

  /** A store on {@code jdbcUrl} in {@code schema} with the default pool size. */
  public static PostgresStoreConfig of(String jdbcUrl, String schema) {
    return new PostgresStoreConfig(jdbcUrl, null, null, schema, 10, null, true);
  }

  /** A copy with another pool size. */
  public PostgresStoreConfig withMaxPoolSize(int size) {
    return new PostgresStoreConfig(
        jdbcUrl, user, password, schema, size, leaderLockName, durableLeaseCommits);
  }

  /** A copy with credentials. */
  public PostgresStoreConfig withCredentials(String user, String password) {
    return new PostgresStoreConfig(
        jdbcUrl, user, password, schema, maxPoolSize, leaderLockName, durableLeaseCommits);
  }

  /** A copy that makes lease-path commits durable (or not); see {@code durableLeaseCommits}. */
  public PostgresStoreConfig withDurableLeaseCommits(boolean value) {
    return new PostgresStoreConfig(
        jdbcUrl, user, password, schema, maxPoolSize, leaderLockName, value);
  }

  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  @Override
  public String toString() {
    return "PostgresStoreConfig[jdbcUrl="
        + redact(jdbcUrl)
        + ", schema="
        + schema
        + ", maxPoolSize="
        + maxPoolSize
        + ", durableLeaseCommits="
        + durableLeaseCommits
        + "]";
  }
}
