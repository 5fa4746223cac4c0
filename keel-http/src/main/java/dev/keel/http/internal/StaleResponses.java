package dev.keel.http.internal;

import dev.keel.core.KeelClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last good response per GET URL, for stale-if-error, least recently used evicted beyond a
 * bound.
 *
 * <p>Why not keel-core's {@code Fallback.lastGood}: it keeps one last good result per {@code
 * Fallback} instance ("one call site, one cache"), and for HTTP a call site is a URL. A {@code
 * Fallback} per URL cannot sit in the client's one {@link dev.keel.core.Pipeline}, and that
 * pipeline's single fallback is what keel-core's {@code Dependency} watches for health; so the
 * pipeline's fallback marks the failure and this map supplies the stale answer.
 *
 * <p>Thread-safe: the map is guarded by a {@link ReentrantLock} held only for the map operation (no
 * I/O), so virtual threads never pin.
 */
final class StaleResponses {

  private final KeelClock clock;
  private final long maxAgeNanos;

  /** Per URL, in access order. Guarded by {@link #lock}. */
  private final LinkedHashMap<String, Answer> byUrl;

  private final ReentrantLock lock = new ReentrantLock();

  StaleResponses(KeelClock clock, Duration maxAge, int maxEntries) {
    this.clock = clock;
    this.maxAgeNanos = maxAge.toNanos();
    this.byUrl =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** Remembers {@code fresh} as the last good response to {@code url}. */
  void remember(String url, Answer fresh) {
    lock.lock();
    try {
      byUrl.put(url, fresh);
    } finally {
      lock.unlock();
    }
  }

  /** The last good response to {@code url} if it is at most the maximum age old, else null. */
  Answer find(String url) {
    Answer last;
    lock.lock();
    try {
      last = byUrl.get(url);
    } finally {
      lock.unlock();
    }
    return last != null && clock.nanoTime() - last.receivedNanos() <= maxAgeNanos ? last : null;
  }
}
