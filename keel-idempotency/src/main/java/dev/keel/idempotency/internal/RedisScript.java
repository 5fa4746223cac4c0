package dev.keel.idempotency.internal;

import dev.keel.idempotency.RoundTripCounter;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script run by digest ({@code EVALSHA}, one round trip), falling back to {@code EVAL} once
 * when the server lost its script cache (e.g. after a restart); {@code EVAL} caches it again.
 */
public final class RedisScript {

  private final String source;
  private final String sha;

  /** The script in classpath resource {@code path}, loaded on {@code commands}' server. */
  public RedisScript(String path, RedisCommands<String, byte[]> commands, RoundTripCounter trips) {
    this.source = Resources.text(path);
    trips.increment();
    this.sha = commands.scriptLoad(source);
  }

  /** Runs the script with one key and {@code args}; counts each command sent. */
  public <T> T run(
      RedisCommands<String, byte[]> commands,
      RoundTripCounter trips,
      ScriptOutputType type,
      String key,
      byte[]... args) {
    String[] keys = {key};
    trips.increment();
    try {
      return commands.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      trips.increment();
      return commands.eval(source, type, keys, args);
    }
  }
}
