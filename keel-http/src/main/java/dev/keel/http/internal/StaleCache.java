package dev.keel.http.internal;

import dev.keel.core.KeelClock;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last good response per request key, least recently used evicted beyond a size, older ones
 * than the staleness bound never returned. Thread-safe: a short {@link ReentrantLock} section per
 * operation (no I/O inside), so virtual threads never pin.
 */
final class StaleCache {

  private final int maxEntries;
  private final long maxAgeNanos;
  private final KeelClock clock;
  private final ReentrantLock lock = new ReentrantLock();

  /** In access order; guarded by {@link #lock}. */
  private final LinkedHashMap<String, Entry> entries;

  StaleCache(int maxEntries, Duration maxAge, KeelClock clock) {
    this.maxEntries = maxEntries;
    this.maxAgeNanos = maxAge.toNanos();
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, StaleCache.Entry> eldest) {
            return size() > StaleCache.this.maxEntries;
          }
        };
  }

  void put(String key, HttpResponse<byte[]> response) {
    Entry entry =
        new Entry(
            response.statusCode(), response.headers(), response.body(), clock.nanoTime(), clock);
    lock.lock();
    try {
      entries.put(key, entry);
    } finally {
      lock.unlock();
    }
  }

  /** The entry for {@code key} if it is within the staleness bound, else null. */
  Entry get(String key) {
    Entry entry;
    lock.lock();
    try {
      entry = entries.get(key);
    } finally {
      lock.unlock();
    }
    if (entry == null || clock.nanoTime() - entry.storedNanos > maxAgeNanos) {
      return null;
    }
    return entry;
  }

  /** A stored response; the body array is never handed out for writing. */
  record Entry(int status, HttpHeaders headers, byte[] body, long storedNanos, KeelClock clock) {
    Duration age() {
      return Duration.ofNanos(clock.nanoTime() - storedNanos);
    }
  }
}
