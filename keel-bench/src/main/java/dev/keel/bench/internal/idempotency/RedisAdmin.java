package dev.keel.bench.internal.idempotency;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * The benchmark's own connection to Redis, apart from the store's: reads {@code INFO commandstats}
 * and removes the benchmark's keys (by its random prefix, never FLUSHALL: the server is shared).
 * Not thread-safe.
 */
final class RedisAdmin implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> commands;

  private RedisAdmin(RedisClient client) {
    this.client = client;
    this.connection = client.connect();
    this.commands = connection.sync();
  }

  static RedisAdmin connect(String uri) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(Duration.ofSeconds(10));
    return new RedisAdmin(RedisClient.create(redisUri));
  }

  /**
   * Script and SET calls on the server so far, all clients, with the server time they took.
   *
   * @param scriptCalls {@code EVALSHA} plus {@code EVAL} calls
   * @param scriptMicros the server time of those calls, µs
   * @param setCalls {@code SET} calls
   * @param setMicros the server time of those calls, µs
   */
  record Counters(long scriptCalls, long scriptMicros, long setCalls, long setMicros) {

    /** What grew from {@code before} to this snapshot. */
    Counters minus(Counters before) {
      return new Counters(
          scriptCalls - before.scriptCalls,
          scriptMicros - before.scriptMicros,
          setCalls - before.setCalls,
          setMicros - before.setMicros);
    }
  }

  /** A snapshot of the server's {@code INFO commandstats}. */
  Counters counters() {
    String info = commands.info("commandstats");
    return new Counters(
        field(info, "evalsha", "calls") + field(info, "eval", "calls"),
        field(info, "evalsha", "usec") + field(info, "eval", "usec"),
        field(info, "set", "calls"),
        field(info, "set", "usec"));
  }

  /**
   * The figure {@code name=} (e.g. {@code calls}, {@code usec}) of {@code cmdstat_<command>} in an
   * INFO commandstats text, or 0 if the command never ran.
   */
  static long field(String info, String command, String name) {
    String tag = "cmdstat_" + command + ":";
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(tag)) {
        for (String field : line.substring(tag.length()).split(",")) {
          if (field.startsWith(name + "=")) {
            return Long.parseLong(field.substring(name.length() + 1).trim());
          }
        }
      }
    }
    return 0;
  }

  /** Unlinks every key under {@code prefix}; returns how many were removed. */
  long deletePrefix(String prefix) {
    long removed = 0;
    ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(1000);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = commands.scan(cursor, args);
      if (!page.getKeys().isEmpty()) {
        removed += commands.unlink(page.getKeys().toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return removed;
  }

  /** How many keys exist under {@code prefix}. */
  long countPrefix(String prefix) {
    long count = 0;
    ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(1000);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = commands.scan(cursor, args);
      count += page.getKeys().size();
      cursor = page;
    } while (!cursor.isFinished());
    return count;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
