package dev.keel.server;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's settings: immutable, validated on construction. Read from the environment with
 * {@link #fromEnvironment(Map)}; command-line flags override single values through {@link Builder}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code KEEL_DATABASE_URL}</td><td>{@code jdbc:sqlite:./keel-data/keel.db}</td></tr>
 *   <tr><td>{@code KEEL_REDIS_URL}</td><td>unset: idempotency keys live in the database</td></tr>
 *   <tr><td>{@code KEEL_REDIS_KEY_PREFIX}</td><td>{@code keel:idem:}</td></tr>
 *   <tr><td>{@code KEEL_HTTP_HOST}</td><td>{@code 0.0.0.0}</td></tr>
 *   <tr><td>{@code KEEL_HTTP_PORT}</td><td>{@code 8080} ({@code 0} picks a free port)</td></tr>
 *   <tr><td>{@code KEEL_API_TOKEN}</td><td>unset: generated on first start, printed once,
 *       stored hashed</td></tr>
 *   <tr><td>{@code KEEL_AUTH}</td><td>{@code on}; {@code off} switches bearer auth off</td></tr>
 *   <tr><td>{@code KEEL_IDEMPOTENCY_TTL}</td><td>{@code PT15M}</td></tr>
 *   <tr><td>{@code KEEL_VISIBILITY_TIMEOUT}</td><td>{@code PT30S}</td></tr>
 *   <tr><td>{@code KEEL_MAX_REQUEST_BYTES}</td><td>{@code 1048576} (1 MiB)</td></tr>
 *   <tr><td>{@code KEEL_MAX_IN_FLIGHT}</td><td>{@code 256} requests, then 503</td></tr>
 *   <tr><td>{@code KEEL_MAX_LONG_POLLS}</td><td>{@code 1024} waiting lease requests, then
 *       503</td></tr>
 *   <tr><td>{@code KEEL_MAX_LEASE_WAIT}</td><td>{@code PT30S}, the longest long-poll</td></tr>
 *   <tr><td>{@code KEEL_SHUTDOWN_GRACE}</td><td>{@code PT30S}</td></tr>
 *   <tr><td>{@code KEEL_DLQ_ALERT_THRESHOLD}</td><td>{@code 100} dead jobs per queue</td></tr>
 *   <tr><td>{@code KEEL_ENQUEUE_LIMITS}</td><td>none; {@code queue=perSecond[:burst],...}</td></tr>
 * </table>
 *
 * <p>Thread-safe (immutable). {@link #toString()} never shows the API token.
 *
 * @param databaseUrl JDBC URL of the job and key store, SQLite or PostgreSQL
 * @param redisUrl Redis URL for idempotency keys, empty to keep them in the database
 * @param redisKeyPrefix prefix of every Redis key the server writes
 * @param httpHost interface to listen on
 * @param httpPort port to listen on, 0 for any free port
 * @param apiToken the admin bearer token, empty to use (or generate) the stored one
 * @param authEnabled whether {@code /v1} requires a bearer token
 * @param idempotencyTtl how long an idempotency key's response is kept
 * @param visibilityTimeout default lease length of a claimed job
 * @param maxRequestBytes largest request body accepted; larger ones get 413
 * @param maxInFlight requests served at once; more get 503 with {@code Retry-After}
 * @param maxLongPolls lease requests waiting at once; more get 503 with {@code Retry-After}
 * @param maxLeaseWait longest {@code waitSeconds} a lease request may long-poll
 * @param shutdownGrace how long a graceful stop waits for in-flight requests
 * @param dlqAlertThreshold DLQ depth per queue at which the dashboard and metrics alert
 * @param enqueueLimits token-bucket admission limit per queue name (none by default)
 */
public record ServerConfig(
    String databaseUrl,
    Optional<URI> redisUrl,
    String redisKeyPrefix,
    String httpHost,
    int httpPort,
    Optional<String> apiToken,
    boolean authEnabled,
    Duration idempotencyTtl,
    Duration visibilityTimeout,
    long maxRequestBytes,
    int maxInFlight,
    int maxLongPolls,
    Duration maxLeaseWait,
    Duration shutdownGrace,
    int dlqAlertThreshold,
    Map<String, EnqueueLimit> enqueueLimits) {

  /** The embedded default store. */
  public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:./keel-data/keel.db";

  /**
   * Validates every setting.
   *
   * @throws IllegalArgumentException naming the setting and the bad value
   */
  public ServerConfig {
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(redisKeyPrefix, "redisKeyPrefix");
    if (redisKeyPrefix.isEmpty() || redisKeyPrefix.length() > 128) {
      throw bad("KEEL_REDIS_KEY_PREFIX", redisKeyPrefix, "1-128 characters");
    }
    Objects.requireNonNull(apiToken, "apiToken");
    if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
      throw bad(
          "KEEL_DATABASE_URL",
          databaseUrl,
          "a jdbc:sqlite:<file> or jdbc:postgresql://host/db URL");
    }
    redisUrl.ifPresent(
        u -> {
          if (!"redis".equals(u.getScheme()) && !"rediss".equals(u.getScheme())) {
            throw bad("KEEL_REDIS_URL", u.toString(), "a redis://host:port URL");
          }
        });
    if (httpHost.isBlank()) {
      throw bad("KEEL_HTTP_HOST", httpHost, "a host name or IP address");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw bad("KEEL_HTTP_PORT", Integer.toString(httpPort), "a port 0..65535");
    }
    apiToken.ifPresent(
        t -> {
          if (t.length() < 16 || t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            // never echo the token itself
            throw new IllegalArgumentException(
                "KEEL_API_TOKEN must be at least 16 printable ASCII characters without spaces"
                    + " (got "
                    + t.length()
                    + " characters); unset it to have one generated");
          }
        });
    positive("KEEL_IDEMPOTENCY_TTL", idempotencyTtl);
    positive("KEEL_VISIBILITY_TIMEOUT", visibilityTimeout);
    positive("KEEL_MAX_LEASE_WAIT", maxLeaseWait);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw bad("KEEL_SHUTDOWN_GRACE", shutdownGrace.toString(), "a duration of zero or more");
    }
    if (maxRequestBytes < 1024 || maxRequestBytes > 64L * 1024 * 1024) {
      throw bad(
          "KEEL_MAX_REQUEST_BYTES", Long.toString(maxRequestBytes), "a size 1024..67108864 bytes");
    }
    if (maxInFlight < 1 || maxInFlight > 100_000) {
      throw bad("KEEL_MAX_IN_FLIGHT", Integer.toString(maxInFlight), "a count 1..100000");
    }
    enqueueLimits = Map.copyOf(Objects.requireNonNull(enqueueLimits, "enqueueLimits"));
    if (maxLongPolls < 1 || maxLongPolls > 100_000) {
      throw bad("KEEL_MAX_LONG_POLLS", Integer.toString(maxLongPolls), "a count 1..100000");
    }
    if (dlqAlertThreshold < 1) {
      throw bad("KEEL_DLQ_ALERT_THRESHOLD", Integer.toString(dlqAlertThreshold), "1 or more");
    }
  }

  /** Whether the store is the embedded SQLite database. */
  public boolean embedded() {
    return databaseUrl.startsWith("jdbc:sqlite:");
  }

  /**
   * Reads the settings from {@code env} (normally {@link System#getenv()}), defaults for the
   * missing ones.
   *
   * @throws IllegalArgumentException naming the variable and its bad value
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    Builder b = new Builder();
    EnvReader r = new EnvReader(env);
    r.string("KEEL_DATABASE_URL").ifPresent(b::databaseUrl);
    r.string("KEEL_REDIS_URL").ifPresent(v -> b.redisUrl(r.uri("KEEL_REDIS_URL", v)));
    r.string("KEEL_REDIS_KEY_PREFIX").ifPresent(b::redisKeyPrefix);
    r.string("KEEL_HTTP_HOST").ifPresent(b::httpHost);
    r.string("KEEL_HTTP_PORT").ifPresent(v -> b.httpPort(r.integer("KEEL_HTTP_PORT", v)));
    r.string("KEEL_API_TOKEN").ifPresent(b::apiToken);
    r.string("KEEL_AUTH").ifPresent(v -> b.authEnabled(r.onOff("KEEL_AUTH", v)));
    r.string("KEEL_IDEMPOTENCY_TTL")
        .ifPresent(v -> b.idempotencyTtl(r.duration("KEEL_IDEMPOTENCY_TTL", v)));
    r.string("KEEL_VISIBILITY_TIMEOUT")
        .ifPresent(v -> b.visibilityTimeout(r.duration("KEEL_VISIBILITY_TIMEOUT", v)));
    r.string("KEEL_MAX_REQUEST_BYTES")
        .ifPresent(v -> b.maxRequestBytes(r.integer("KEEL_MAX_REQUEST_BYTES", v)));
    r.string("KEEL_MAX_IN_FLIGHT")
        .ifPresent(v -> b.maxInFlight(r.integer("KEEL_MAX_IN_FLIGHT", v)));
    r.string("KEEL_MAX_LONG_POLLS")
        .ifPresent(v -> b.maxLongPolls(r.integer("KEEL_MAX_LONG_POLLS", v)));
    r.string("KEEL_MAX_LEASE_WAIT")
        .ifPresent(v -> b.maxLeaseWait(r.duration("KEEL_MAX_LEASE_WAIT", v)));
    r.string("KEEL_SHUTDOWN_GRACE")
        .ifPresent(v -> b.shutdownGrace(r.duration("KEEL_SHUTDOWN_GRACE", v)));
    r.string("KEEL_DLQ_ALERT_THRESHOLD")
        .ifPresent(v -> b.dlqAlertThreshold(r.integer("KEEL_DLQ_ALERT_THRESHOLD", v)));
    r.string("KEEL_ENQUEUE_LIMITS").ifPresent(b::enqueueLimits);
    return b;
  }

  /** A builder with every default; {@link Builder#build()} validates. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "ServerConfig[databaseUrl="
        + redactUrl(databaseUrl)
        + ", redisUrl="
        + redisUrl.map(u -> redactUrl(u.toString())).orElse("none")
        + ", redisKeyPrefix="
        + redisKeyPrefix
        + ", http="
        + httpHost
        + ":"
        + httpPort
        + ", apiToken="
        + (apiToken.isPresent() ? "<set>" : "<stored or generated>")
        + ", auth="
        + (authEnabled ? "on" : "off")
        + ", idempotencyTtl="
        + idempotencyTtl
        + ", visibilityTimeout="
        + visibilityTimeout
        + ", maxRequestBytes="
        + maxRequestBytes
        + ", maxInFlight="
        + maxInFlight
        + ", maxLongPolls="
        + maxLongPolls
        + ", maxLeaseWait="
        + maxLeaseWait
        + ", shutdownGrace="
        + shutdownGrace
        + ", dlqAlertThreshold="
        + dlqAlertThreshold
        + ", enqueueLimits="
        + enqueueLimits
        + "]";
  }

  /** Drops credentials and query strings (which may carry passwords) from a URL for logs. */
  public static String redactUrl(String url) {
    String s = url;
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    int scheme = s.indexOf("://");
    int at = s.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      s = s.substring(0, scheme + 3) + "***@" + s.substring(at + 1);
    }
    return s;
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw bad(name, d.toString(), "a positive ISO-8601 duration such as PT30S");
    }
  }

  static IllegalArgumentException bad(String name, String value, String expected) {
    return new IllegalArgumentException(
        name + " must be " + expected + ", got '" + redactUrl(value) + "'");
  }

  /**
   * Mutable collector of settings; not thread-safe. {@link #build()} validates and returns an
   * immutable {@link ServerConfig}.
   */
  public static final class Builder {
    private String databaseUrl = DEFAULT_DATABASE_URL;
    private URI redisUrl;
    private String redisKeyPrefix = "keel:idem:";
    private String httpHost = "0.0.0.0";
    private int httpPort = 8080;
    private String apiToken;
    private boolean authEnabled = true;
    private Duration idempotencyTtl = Duration.ofMinutes(15);
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private long maxRequestBytes = 1024 * 1024;
    private int maxInFlight = 256;
    private int maxLongPolls = 1024;
    private Duration maxLeaseWait = Duration.ofSeconds(30);
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private int dlqAlertThreshold = 100;
    private Map<String, EnqueueLimit> enqueueLimits = Map.of();

    private Builder() {}

    /** JDBC URL of the store. */
    public Builder databaseUrl(String v) {
      databaseUrl = v;
      return this;
    }

    /** Redis URL, or null for none. */
    public Builder redisUrl(URI v) {
      redisUrl = v;
      return this;
    }

    /** Prefix of the server's Redis keys. */
    public Builder redisKeyPrefix(String v) {
      redisKeyPrefix = v;
      return this;
    }

    /** Listening interface. */
    public Builder httpHost(String v) {
      httpHost = v;
      return this;
    }

    /** Listening port, 0 for any free one. */
    public Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    /** Admin token, or null to use the stored or a generated one. */
    public Builder apiToken(String v) {
      apiToken = v;
      return this;
    }

    /** Whether {@code /v1} requires a bearer token. */
    public Builder authEnabled(boolean v) {
      authEnabled = v;
      return this;
    }

    /** Idempotency key retention. */
    public Builder idempotencyTtl(Duration v) {
      idempotencyTtl = v;
      return this;
    }

    /** Default lease length. */
    public Builder visibilityTimeout(Duration v) {
      visibilityTimeout = v;
      return this;
    }

    /** Largest request body. */
    public Builder maxRequestBytes(long v) {
      maxRequestBytes = v;
      return this;
    }

    /** Concurrent requests before load shedding. */
    public Builder maxInFlight(int v) {
      maxInFlight = v;
      return this;
    }

    /** Waiting lease requests before load shedding. */
    public Builder maxLongPolls(int v) {
      maxLongPolls = v;
      return this;
    }

    /** Longest long-poll. */
    public Builder maxLeaseWait(Duration v) {
      maxLeaseWait = v;
      return this;
    }

    /** Graceful stop budget. */
    public Builder shutdownGrace(Duration v) {
      shutdownGrace = v;
      return this;
    }

    /** DLQ depth alert threshold. */
    public Builder dlqAlertThreshold(int v) {
      dlqAlertThreshold = v;
      return this;
    }

    /** Admission limits per queue. */
    public Builder enqueueLimits(Map<String, EnqueueLimit> v) {
      enqueueLimits = v;
      return this;
    }

    /**
     * Admission limits as {@code queue=perSecond[:burst]} pairs separated by commas, e.g. {@code
     * default=200:400,batch=50}.
     *
     * @throws IllegalArgumentException naming {@code KEEL_ENQUEUE_LIMITS} and the bad pair
     */
    public Builder enqueueLimits(String spec) {
      Map<String, EnqueueLimit> m = new java.util.LinkedHashMap<>();
      for (String pair : spec.split(",")) {
        String p = pair.strip();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        try {
          if (eq <= 0) {
            throw new NumberFormatException();
          }
          String[] rate = p.substring(eq + 1).split(":", 2);
          double perSecond = Double.parseDouble(rate[0]);
          double burst = rate.length > 1 ? Double.parseDouble(rate[1]) : Math.max(1, perSecond);
          m.put(p.substring(0, eq).strip(), new EnqueueLimit(perSecond, burst));
        } catch (NumberFormatException e) {
          throw bad(
              "KEEL_ENQUEUE_LIMITS", p, "queue=perSecond[:burst] pairs such as default=200:400");
        }
      }
      enqueueLimits = m;
      return this;
    }

    /**
     * Validates and snapshots.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public ServerConfig build() {
      return new ServerConfig(
          databaseUrl,
          Optional.ofNullable(redisUrl),
          redisKeyPrefix,
          httpHost,
          httpPort,
          Optional.ofNullable(apiToken),
          authEnabled,
          idempotencyTtl,
          visibilityTimeout,
          maxRequestBytes,
          maxInFlight,
          maxLongPolls,
          maxLeaseWait,
          shutdownGrace,
          dlqAlertThreshold,
          enqueueLimits);
    }
  }

  /**
   * A queue's token-bucket admission limit.
   *
   * @param perSecond sustained enqueues per second, positive
   * @param burst bucket size, at least 1
   */
  public record EnqueueLimit(double perSecond, double burst) {
    /** Validates. */
    public EnqueueLimit {
      if (!(perSecond > 0) || !(burst >= 1) || Double.isInfinite(perSecond)) {
        throw bad(
            "KEEL_ENQUEUE_LIMITS",
            perSecond + ":" + burst,
            "a positive rate per second and a burst of at least 1");
      }
    }

    @Override
    public String toString() {
      return perSecond + "/s burst " + burst;
    }
  }

  private record EnvReader(Map<String, String> env) {
    Optional<String> string(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    int integer(String name, String v) {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw bad(name, v, "a whole number");
      }
    }

    Duration duration(String name, String v) {
      try {
        return Duration.parse(v);
      } catch (DateTimeParseException e) {
        throw bad(name, v, "an ISO-8601 duration such as PT30S or PT15M");
      }
    }

    boolean onOff(String name, String v) {
      return switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "on", "true", "yes", "1" -> true;
        case "off", "false", "no", "0" -> false;
        default -> throw bad(name, v, "on or off");
      };
    }

    URI uri(String name, String v) {
      try {
        return URI.create(v);
      } catch (IllegalArgumentException e) {
        throw bad(name, v, "a URL such as redis://127.0.0.1:6379");
      }
    }
  }
}
