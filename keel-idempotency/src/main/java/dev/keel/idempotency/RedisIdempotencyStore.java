package dev.keel.idempotency;

import dev.keel.idempotency.internal.RedisScript;
import dev.keel.idempotency.internal.ResponseCodec;
import dev.keel.idempotency.internal.Tokens;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An {@link IdempotencyStore} in Redis (Lettuce). Each record is a hash under {@code
 * <keyPrefix><scope id>:<key>}.
 *
 * <p>Every operation is one Lua script and so <b>one round trip</b>: a claim creates the in-flight
 * marker and sets its expiry atomically, or returns the existing record with its remaining time to
 * live; a completion is a compare-and-set on the token that also sets the retention; a release is a
 * compare-and-delete on the token. Expiries run on the Redis server's clock, never the client's.
 * Scripts are run by digest; after a server restart the first call of each script re-sends its
 * source (one extra round trip). Count round trips with {@link
 * Builder#roundTripCounter(RoundTripCounter)}.
 *
 * <p>Defaults: retention of a completed outcome 15 minutes; key prefix {@code keel:idem:}. When the
 * store creates its own client (from a URI) it rejects commands while disconnected (so an outage
 * fails fast instead of queueing), times commands out after 2 s and reconnects with a backoff of at
 * most 1 s.
 *
 * <p>Thread-safe: one multiplexed connection serves all callers.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

  /** The default retention of a completed outcome: 15 minutes. */
  public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(15);

  /** The default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "keel:idem:";

  private static final byte[] CLAIMED = "claimed".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COMPLETED_STATE = {'c'};

  private final RedisClient ownedClient;
  private final ClientResources ownedResources;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisCommands<String, byte[]> commands;
  private final String keyPrefix;
  private final Duration retention;
  private final RoundTripCounter trips;
  private final RedisScript claim;
  private final RedisScript complete;
  private final RedisScript release;

  private RedisIdempotencyStore(
      Builder b,
      RedisClient ownedClient,
      ClientResources ownedResources,
      StatefulRedisConnection<String, byte[]> connection) {
    this.ownedClient = ownedClient;
    this.ownedResources = ownedResources;
    this.connection = connection;
    this.commands = connection.sync();
    this.keyPrefix = b.keyPrefix;
    this.retention = b.retention;
    this.trips = b.trips;
    this.claim = new RedisScript("dev/keel/idempotency/redis/claim.lua", commands, trips);
    this.complete = new RedisScript("dev/keel/idempotency/redis/complete.lua", commands, trips);
    this.release = new RedisScript("dev/keel/idempotency/redis/release.lua", commands, trips);
  }

  /** Connects as configured and loads the scripts; closes whatever it opened if that fails. */
  private static RedisIdempotencyStore open(Builder b) {
    RedisClient ownedClient = null;
    ClientResources ownedResources = null;
    StatefulRedisConnection<String, byte[]> connection = null;
    try {
      if (b.client != null) {
        connection = b.client.connect(codec());
      } else {
        ownedResources =
            ClientResources.builder()
                .reconnectDelay(
                    Delay.exponential(
                        Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        ownedClient = RedisClient.create(ownedResources, RedisURI.create(b.uri));
        ownedClient.setOptions(
            ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(b.commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(b.commandTimeout).build())
                .build());
        connection = ownedClient.connect(codec());
      }
      return new RedisIdempotencyStore(b, ownedClient, ownedResources, connection);
    } catch (RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      shutdown(ownedClient, ownedResources);
      throw e;
    }
  }

  /** A builder for a store that creates and owns its client for {@code redisUri}. */
  public static Builder builder(String redisUri) {
    Objects.requireNonNull(redisUri, "redisUri");
    return new Builder(redisUri, null);
  }

  /** A builder for a store on the caller's client (its options and timeouts apply). */
  public static Builder builder(RedisClient client) {
    return new Builder(null, Objects.requireNonNull(client, "client"));
  }

  @Override
  public ClaimResult keyClaim(KeyClaimParams p) {
    String token = Tokens.next();
    List<Object> reply =
        call(
            () ->
                claim.run(
                    commands,
                    trips,
                    ScriptOutputType.MULTI,
                    redisKey(p.scope(), p.key()),
                    ascii(token),
                    p.fingerprint().getBytes(StandardCharsets.UTF_8),
                    ascii(Long.toString(p.lease().toMillis()))));
    byte[] state = (byte[]) reply.get(0);
    if (java.util.Arrays.equals(state, CLAIMED)) {
      return new ClaimResult.Claimed(token);
    }
    String fingerprint = new String((byte[]) reply.get(1), StandardCharsets.UTF_8);
    if (!fingerprint.equals(p.fingerprint())) {
      return new ClaimResult.Mismatch();
    }
    if (java.util.Arrays.equals(state, COMPLETED_STATE)) {
      return new ClaimResult.Completed(ResponseCodec.decode((byte[]) reply.get(2)), fingerprint);
    }
    long pttl = (Long) reply.get(3);
    return new ClaimResult.InFlight(Duration.ofMillis(Math.max(0, pttl)));
  }

  @Override
  public boolean keyComplete(KeyCompleteParams p) {
    Long done =
        call(
            () ->
                complete.run(
                    commands,
                    trips,
                    ScriptOutputType.INTEGER,
                    redisKey(p.scope(), p.key()),
                    ascii(p.token()),
                    ResponseCodec.encode(p.response()),
                    ascii(Long.toString(retention.toMillis()))));
    return done == 1L;
  }

  @Override
  public boolean keyRelease(KeyReleaseParams p) {
    Long done =
        call(
            () ->
                release.run(
                    commands,
                    trips,
                    ScriptOutputType.INTEGER,
                    redisKey(p.scope(), p.key()),
                    ascii(p.token())));
    return done == 1L;
  }

  /** The counter of commands sent to Redis (the one given to the builder, or the store's own). */
  public RoundTripCounter roundTripCounter() {
    return trips;
  }

  /** The Redis key of a record, e.g. for inspecting it in tests or with {@code redis-cli}. */
  public String redisKey(IdempotencyScope scope, String key) {
    return keyPrefix + scope.id() + ":" + key;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (RuntimeException e) {
      // closing is best effort
    }
    shutdown(ownedClient, ownedResources);
  }

  private static void shutdown(RedisClient client, ClientResources resources) {
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (resources != null) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static <T> T call(java.util.function.Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      throw new StoreUnavailableException("Redis idempotency store failed: " + e.getMessage(), e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static RedisCodec<String, byte[]> codec() {
    return RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  }

  /**
   * Configures a {@link RedisIdempotencyStore}. Not thread-safe; {@link #build()} validates,
   * connects and loads the scripts.
   */
  public static final class Builder {
    private final String uri;
    private final RedisClient client;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration retention = DEFAULT_RETENTION;
    private Duration commandTimeout = Duration.ofSeconds(2);
    private RoundTripCounter trips = new RoundTripCounter();

    private Builder(String uri, RedisClient client) {
      this.uri = uri;
      this.client = client;
    }

    /** Prefix of every key the store writes [{@code keel:idem:}]; use one per application. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    /**
     * How long a completed outcome is kept and replayed [15 min]. A retry later than this runs the
     * operation again.
     */
    public Builder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Command and connect timeout of the client the store creates from a URI [2 s]; ignored when
     * the caller passes its own client.
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Counts every command sent [a new counter, see {@link #roundTripCounter()}]. */
    public Builder roundTripCounter(RoundTripCounter counter) {
      this.trips = Objects.requireNonNull(counter, "counter");
      return this;
    }

    /**
     * Validates, connects and loads the scripts.
     *
     * @throws IllegalArgumentException naming a bad setting
     * @throws StoreUnavailableException if Redis cannot be reached
     */
    public RedisIdempotencyStore build() {
      if (retention.toMillis() < 1) {
        throw new IllegalArgumentException("retention must be at least 1 ms, was " + retention);
      }
      if (commandTimeout.toMillis() < 1) {
        throw new IllegalArgumentException(
            "commandTimeout must be at least 1 ms, was " + commandTimeout);
      }
      if (uri != null
          && !(uri.startsWith("redis://")
              || uri.startsWith("rediss://")
              || uri.startsWith("redis-socket://"))) {
        throw new IllegalArgumentException(
            "redisUri must start with redis://, rediss:// or redis-socket://");
      }
      try {
        return open(this);
      } catch (RedisException e) {
        throw new StoreUnavailableException(
            "cannot connect the Redis idempotency store: " + e.getMessage(), e);
      }
    }
  }
}
