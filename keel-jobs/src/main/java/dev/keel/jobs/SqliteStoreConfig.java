package dev.keel.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the SQLite store: one database file used by one process (WAL mode).
 *
 * @param file the database file; its directory is created if missing
 * @param busyTimeout how long a connection waits for the file's write lock [10 s]
 * @param maxPoolSize connections (readers run in parallel; writes are serialised in-process) [4]
 */
public record SqliteStoreConfig(Path file, Duration busyTimeout, int maxPoolSize) {

  /** Validates; a bad value fails here, naming the field. */
  public SqliteStoreConfig {
    Objects.requireNonNull(file, "file");
    busyTimeout = busyTimeout == null ? Duration.ofSeconds(10) : busyTimeout;
    if (busyTimeout.isNegative()) {
      throw new IllegalArgumentException("busyTimeout must not be negative, was " + busyTimeout);
    }
    if (maxPoolSize < 1 || maxPoolSize > 64) {
      throw new IllegalArgumentException("maxPoolSize must be in 1..64, was " + maxPoolSize);
    }
  }

  /** Defaults for {@code file}. */
  public static SqliteStoreConfig of(Path file) {
    return new SqliteStoreConfig(file, null, 4);
  }
}
