package dev.keel.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One in-process writer lock per SQLite database file, shared by every Keel store on that file
 * (keel-jobs' job store, keel-idempotency's key store, keel-server's own tables).
 *
 * <p>Why: SQLite has one writer per file. Writers from two pools that do not know of each other
 * meet at the file lock, where the loser's busy handler sleeps 1..100 ms and retries; under load
 * that sleep dominates. Taking this lock around every write transaction turns those sleeps into a
 * fair in-process queue. A {@link ReentrantLock}, not {@code synchronized}: writes block on IO and
 * run on virtual threads. Locks live as long as the process (one per file, a handful at most).
 * Thread-safe. Not API.
 */
public final class SqliteWriteLocks {

  /** Canonical file path to its lock; entries are never removed. */
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private SqliteWriteLocks() {}

  /** The writer lock of the database file {@code file} (any spelling of the same path). */
  public static ReentrantLock of(Path file) {
    Objects.requireNonNull(file, "file");
    return LOCKS.computeIfAbsent(canonical(file), f -> new ReentrantLock());
  }

  /**
   * The file a SQLite JDBC URL names ({@code jdbc:sqlite:PATH[?params]}, {@code file:} prefix
   * allowed), or null for an in-memory database, which no other connection shares.
   */
  public static Path fileOf(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
      throw new IllegalArgumentException("not a SQLite JDBC URL: " + jdbcUrl);
    }
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith(":memory:")) {
      return null;
    }
    return Path.of(rest);
  }

  // The parent's real path (links resolved) plus the file name: the same before and after the
  // file is created, which a store may do only after it looks its lock up.
  private static Path canonical(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null) {
      return abs;
    }
    try {
      return parent.toRealPath().resolve(abs.getFileName());
    } catch (IOException e) {
      return abs;
    }
  }
}
