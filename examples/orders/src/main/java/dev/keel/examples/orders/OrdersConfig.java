package dev.keel.examples.orders;

import dev.keel.core.Backoff;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of the orders service, all from the environment ({@link #fromEnvironment}): every
 * downstream URL comes from a variable, so the same build talks to {@code keel mock} on a laptop
 * ({@code PAYMENT_SERVICE_URL=http://localhost:8081}) and to the real service in production. There
 * is no default URL in code: a deployment that forgot one fails at start instead of quietly calling
 * a mock.
 *
 * <table>
 *   <caption>Variables and defaults</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code PAYMENT_SERVICE_URL}, {@code RECOMMENDATIONS_URL}, {@code EMAIL_SERVICE_URL}</td>
 *       <td>required</td></tr>
 *   <tr><td>{@code ORDERS_HTTP_HOST}, {@code ORDERS_HTTP_PORT}</td><td>{@code 127.0.0.1},
 *       {@code 8090} (0 = any free port)</td></tr>
 *   <tr><td>{@code KEEL_DATABASE_URL}</td><td>{@code jdbc:sqlite:./keel-data/orders.db}</td></tr>
 *   <tr><td>{@code KEEL_REDIS_URL}</td><td>unset</td></tr>
 *   <tr><td>{@code KEEL_REDIS_KEY_PREFIX}</td><td>{@code orders:idem:}</td></tr>
 *   <tr><td>{@code ORDERS_IDEMPOTENCY_STORE}</td><td>{@code redis} with a Redis URL, else
 *       {@code memory}</td></tr>
 *   <tr><td>{@code KEEL_IDEMPOTENCY_TTL}</td><td>{@code PT15M}</td></tr>
 *   <tr><td>{@code PAYMENT_SERVICE_TIMEOUT}, {@code PAYMENT_SERVICE_MAX_ATTEMPTS},
 *       {@code PAYMENT_SERVICE_FAILURE_THRESHOLD}, {@code PAYMENT_SERVICE_COOLDOWN}</td>
 *       <td>{@code PT2S}, 3, 5, {@code PT30S}</td></tr>
 *   <tr><td>{@code RECOMMENDATIONS_TIMEOUT}</td><td>{@code PT0.5S}</td></tr>
 *   <tr><td>{@code EMAIL_SERVICE_TIMEOUT}, {@code EMAIL_SERVICE_COOLDOWN}</td><td>{@code PT5S},
 *       {@code PT10S}</td></tr>
 *   <tr><td>{@code EMAIL_JOB_MAX_ATTEMPTS}, {@code EMAIL_JOB_BACKOFF}</td><td>5, {@code PT5S}
 *       (doubling up to 5 min, ±25 %)</td></tr>
 * </table>
 *
 * <p>Immutable; the constructor validates every field and names the one it rejects.
 *
 * @param host the interface the HTTP server binds
 * @param port the HTTP port, 0 for any free one
 * @param paymentServiceUrl base URL of the payment service (critical)
 * @param recommendationsUrl base URL of the recommendations service (optional)
 * @param emailServiceUrl base URL of the email service (used by the confirmation-email job)
 * @param databaseUrl the job store: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://…}; on
 *     PostgreSQL the schema is the URL's {@code currentSchema} parameter, else {@code keel} (the
 *     same rule as {@code keel server}, so both see the same jobs)
 * @param redisUrl Redis for the idempotency keys, if any
 * @param redisKeyPrefix prefix of the idempotency keys in Redis
 * @param idempotencyStore where idempotency keys live
 * @param idempotencyTtl how long a key protects its order
 * @param paymentTimeout one payment attempt, until the whole answer has arrived
 * @param paymentMaxAttempts payment attempts per order request, the first included
 * @param paymentBackoff delays between payment attempts
 * @param paymentFailureThreshold consecutive failed payment attempts that open the breaker
 * @param paymentCooldown how long the payment breaker stays open before one probe
 * @param recommendationsTimeout one recommendations attempt
 * @param emailTimeout one email attempt
 * @param emailCooldown how long the email breaker stays open before one probe; keep it near the
 *     job's first backoff, or retries that fall inside it fail without a request
 * @param emailJobMaxAttempts attempts of a confirmation-email job before the DLQ
 * @param emailJobBackoff delays between those attempts
 * @param jobPollInterval how often an idle worker looks for due jobs (retries become due without a
 *     wake-up)
 */
public record OrdersConfig(
    String host,
    int port,
    URI paymentServiceUrl,
    URI recommendationsUrl,
    URI emailServiceUrl,
    String databaseUrl,
    Optional<URI> redisUrl,
    String redisKeyPrefix,
    IdempotencyStoreKind idempotencyStore,
    Duration idempotencyTtl,
    Duration paymentTimeout,
    int paymentMaxAttempts,
    Backoff paymentBackoff,
    int paymentFailureThreshold,
    Duration paymentCooldown,
    Duration recommendationsTimeout,
    Duration emailTimeout,
    Duration emailCooldown,
    int emailJobMaxAttempts,
    Backoff emailJobBackoff,
    Duration jobPollInterval) {

  /** The default job store: an embedded SQLite file of this service's own. */
  public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:./keel-data/orders.db";

  /** The default HTTP port (the Keel server takes 8080, the mocks 8081–8083). */
  public static final int DEFAULT_PORT = 8090;

  /** Validates every field. */
  public OrdersConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "port (ORDERS_HTTP_PORT) must be in 0..65535, was " + port);
    }
    checkUrl("paymentServiceUrl (PAYMENT_SERVICE_URL)", paymentServiceUrl);
    checkUrl("recommendationsUrl (RECOMMENDATIONS_URL)", recommendationsUrl);
    checkUrl("emailServiceUrl (EMAIL_SERVICE_URL)", emailServiceUrl);
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "databaseUrl (KEEL_DATABASE_URL) must be jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB,"
              + " was '"
              + redactUrl(databaseUrl)
              + "'");
    }
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(redisKeyPrefix, "redisKeyPrefix");
    Objects.requireNonNull(idempotencyStore, "idempotencyStore");
    if (idempotencyStore == IdempotencyStoreKind.REDIS && redisUrl.isEmpty()) {
      throw new IllegalArgumentException(
          "idempotencyStore (ORDERS_IDEMPOTENCY_STORE) is redis but KEEL_REDIS_URL is not set");
    }
    positive("idempotencyTtl (KEEL_IDEMPOTENCY_TTL)", idempotencyTtl);
    positive("paymentTimeout (PAYMENT_SERVICE_TIMEOUT)", paymentTimeout);
    atLeastOne("paymentMaxAttempts (PAYMENT_SERVICE_MAX_ATTEMPTS)", paymentMaxAttempts);
    Objects.requireNonNull(paymentBackoff, "paymentBackoff");
    atLeastOne(
        "paymentFailureThreshold (PAYMENT_SERVICE_FAILURE_THRESHOLD)", paymentFailureThreshold);
    positive("paymentCooldown (PAYMENT_SERVICE_COOLDOWN)", paymentCooldown);
    positive("recommendationsTimeout (RECOMMENDATIONS_TIMEOUT)", recommendationsTimeout);
    positive("emailTimeout (EMAIL_SERVICE_TIMEOUT)", emailTimeout);
    positive("emailCooldown (EMAIL_SERVICE_COOLDOWN)", emailCooldown);
    atLeastOne("emailJobMaxAttempts (EMAIL_JOB_MAX_ATTEMPTS)", emailJobMaxAttempts);
    Objects.requireNonNull(emailJobBackoff, "emailJobBackoff");
    positive("jobPollInterval", jobPollInterval);
  }

  /** A builder with every default and no downstream URLs (they are required). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings from {@code env} (usually {@code System::getenv}).
   *
   * @throws IllegalStateException when a required variable is missing, naming it
   * @throws IllegalArgumentException when a variable has a bad value, naming it and the value
   */
  public static OrdersConfig fromEnvironment(Function<String, String> env) {
    Builder b = builder();
    b.paymentServiceUrl(required(env, "PAYMENT_SERVICE_URL"));
    b.recommendationsUrl(required(env, "RECOMMENDATIONS_URL"));
    b.emailServiceUrl(required(env, "EMAIL_SERVICE_URL"));
    optional(env, "ORDERS_HTTP_HOST").ifPresent(b::host);
    optional(env, "ORDERS_HTTP_PORT").ifPresent(v -> b.port(integer("ORDERS_HTTP_PORT", v)));
    optional(env, "KEEL_DATABASE_URL").ifPresent(b::databaseUrl);
    optional(env, "KEEL_REDIS_URL").ifPresent(v -> b.redisUrl(url("KEEL_REDIS_URL", v)));
    optional(env, "KEEL_REDIS_KEY_PREFIX").ifPresent(b::redisKeyPrefix);
    optional(env, "ORDERS_IDEMPOTENCY_STORE")
        .ifPresent(
            v -> b.idempotencyStore(IdempotencyStoreKind.parse("ORDERS_IDEMPOTENCY_STORE", v)));
    optional(env, "KEEL_IDEMPOTENCY_TTL")
        .ifPresent(v -> b.idempotencyTtl(duration("KEEL_IDEMPOTENCY_TTL", v)));
    optional(env, "PAYMENT_SERVICE_TIMEOUT")
        .ifPresent(v -> b.paymentTimeout(duration("PAYMENT_SERVICE_TIMEOUT", v)));
    optional(env, "PAYMENT_SERVICE_MAX_ATTEMPTS")
        .ifPresent(v -> b.paymentMaxAttempts(integer("PAYMENT_SERVICE_MAX_ATTEMPTS", v)));
    optional(env, "PAYMENT_SERVICE_FAILURE_THRESHOLD")
        .ifPresent(v -> b.paymentFailureThreshold(integer("PAYMENT_SERVICE_FAILURE_THRESHOLD", v)));
    optional(env, "PAYMENT_SERVICE_COOLDOWN")
        .ifPresent(v -> b.paymentCooldown(duration("PAYMENT_SERVICE_COOLDOWN", v)));
    optional(env, "RECOMMENDATIONS_TIMEOUT")
        .ifPresent(v -> b.recommendationsTimeout(duration("RECOMMENDATIONS_TIMEOUT", v)));
    optional(env, "EMAIL_SERVICE_TIMEOUT")
        .ifPresent(v -> b.emailTimeout(duration("EMAIL_SERVICE_TIMEOUT", v)));
    optional(env, "EMAIL_SERVICE_COOLDOWN")
        .ifPresent(v -> b.emailCooldown(duration("EMAIL_SERVICE_COOLDOWN", v)));
    optional(env, "EMAIL_JOB_MAX_ATTEMPTS")
        .ifPresent(v -> b.emailJobMaxAttempts(integer("EMAIL_JOB_MAX_ATTEMPTS", v)));
    optional(env, "EMAIL_JOB_BACKOFF")
        .ifPresent(
            v ->
                b.emailJobBackoff(
                    Backoff.of(duration("EMAIL_JOB_BACKOFF", v), Backoff.DEFAULT.max())));
    return b.build();
  }

  /** The settings with passwords in the database and Redis URLs hidden. */
  @Override
  public String toString() {
    return "OrdersConfig[host="
        + host
        + ", port="
        + port
        + ", paymentServiceUrl="
        + paymentServiceUrl
        + ", recommendationsUrl="
        + recommendationsUrl
        + ", emailServiceUrl="
        + emailServiceUrl
        + ", databaseUrl="
        + redactUrl(databaseUrl)
        + ", redisUrl="
        + redisUrl.map(u -> redactUrl(u.toString())).orElse("none")
        + ", idempotencyStore="
        + idempotencyStore
        + "]";
  }

  /** The database URL with any password hidden, for logs. */
  public String databaseUrlForLogs() {
    return redactUrl(databaseUrl);
  }

  private static Optional<String> optional(Function<String, String> env, String name) {
    String v = env.apply(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static URI required(Function<String, String> env, String name) {
    return url(
        name,
        optional(env, name)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        name
                            + " is not set: every downstream URL comes from the environment, e.g. "
                            + name
                            + "=http://localhost:8081 for a keel mock, the real endpoint in"
                            + " production")));
  }

  private static URI url(String name, String value) {
    try {
      return URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be a URL, was '" + value + "'", e);
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
    }
  }

  private static Duration duration(String name, String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 duration such as PT2S, was '" + value + "'", e);
    }
  }

  private static void checkUrl(String field, URI url) {
    Objects.requireNonNull(url, field);
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
      throw new IllegalArgumentException(
          field
              + " must be an absolute http(s) URL such as http://localhost:8081, was '"
              + url
              + "'");
    }
  }

  private static void positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + d);
    }
  }

  private static void atLeastOne(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, was " + value);
    }
  }

  private static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***")
        .replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
  }

  /** Builds an {@link OrdersConfig}; defaults as in the class comment. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private URI paymentServiceUrl;
    private URI recommendationsUrl;
    private URI emailServiceUrl;
    private String databaseUrl = DEFAULT_DATABASE_URL;
    private URI redisUrl;
    private String redisKeyPrefix = "orders:idem:";
    private IdempotencyStoreKind idempotencyStore;
    private Duration idempotencyTtl = Duration.ofMinutes(15);
    private Duration paymentTimeout = Duration.ofSeconds(2);
    private int paymentMaxAttempts = 3;
    private Backoff paymentBackoff = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(2));
    private int paymentFailureThreshold = 5;
    private Duration paymentCooldown = Duration.ofSeconds(30);
    private Duration recommendationsTimeout = Duration.ofMillis(500);
    private Duration emailTimeout = Duration.ofSeconds(5);
    private Duration emailCooldown = Duration.ofSeconds(10);
    private int emailJobMaxAttempts = 5;
    private Backoff emailJobBackoff = Backoff.DEFAULT;
    private Duration jobPollInterval = Duration.ofSeconds(1);

    private Builder() {}

    /** The interface to bind [127.0.0.1; 0.0.0.0 in a container]. */
    public Builder host(String value) {
      host = value;
      return this;
    }

    /** The HTTP port [8090; 0 = any free port]. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /** The payment service's base URL [required]. */
    public Builder paymentServiceUrl(URI value) {
      paymentServiceUrl = value;
      return this;
    }

    /** The recommendations service's base URL [required]. */
    public Builder recommendationsUrl(URI value) {
      recommendationsUrl = value;
      return this;
    }

    /** The email service's base URL [required]. */
    public Builder emailServiceUrl(URI value) {
      emailServiceUrl = value;
      return this;
    }

    /** The job store's JDBC URL [{@value OrdersConfig#DEFAULT_DATABASE_URL}]. */
    public Builder databaseUrl(String value) {
      databaseUrl = value;
      return this;
    }

    /** Redis for idempotency keys [unset]. */
    public Builder redisUrl(URI value) {
      redisUrl = value;
      return this;
    }

    /** Prefix of idempotency keys in Redis [{@code orders:idem:}]. */
    public Builder redisKeyPrefix(String value) {
      redisKeyPrefix = value;
      return this;
    }

    /** Where idempotency keys live [redis with a Redis URL, else memory]. */
    public Builder idempotencyStore(IdempotencyStoreKind value) {
      idempotencyStore = value;
      return this;
    }

    /** How long an idempotency key protects its order [15 min]. */
    public Builder idempotencyTtl(Duration value) {
      idempotencyTtl = value;
      return this;
    }

    /** One payment attempt [2 s]. */
    public Builder paymentTimeout(Duration value) {
      paymentTimeout = value;
      return this;
    }

    /** Payment attempts per order request [3]. */
    public Builder paymentMaxAttempts(int value) {
      paymentMaxAttempts = value;
      return this;
    }

    /** Delays between payment attempts [100 ms doubling to 2 s, ±25 %]. */
    public Builder paymentBackoff(Backoff value) {
      paymentBackoff = value;
      return this;
    }

    /** Consecutive failed payment attempts that open the breaker [5]. */
    public Builder paymentFailureThreshold(int value) {
      paymentFailureThreshold = value;
      return this;
    }

    /** Open time of the payment breaker before one probe [30 s]. */
    public Builder paymentCooldown(Duration value) {
      paymentCooldown = value;
      return this;
    }

    /** One recommendations attempt [500 ms]. */
    public Builder recommendationsTimeout(Duration value) {
      recommendationsTimeout = value;
      return this;
    }

    /** One email attempt [5 s]. */
    public Builder emailTimeout(Duration value) {
      emailTimeout = value;
      return this;
    }

    /** Open time of the email breaker before one probe [10 s]. */
    public Builder emailCooldown(Duration value) {
      emailCooldown = value;
      return this;
    }

    /** Confirmation-email attempts before the DLQ [5]. */
    public Builder emailJobMaxAttempts(int value) {
      emailJobMaxAttempts = value;
      return this;
    }

    /** Delays between confirmation-email attempts [5 s doubling to 5 min, ±25 %]. */
    public Builder emailJobBackoff(Backoff value) {
      emailJobBackoff = value;
      return this;
    }

    /** How often an idle worker polls for due jobs [1 s]. */
    public Builder jobPollInterval(Duration value) {
      jobPollInterval = value;
      return this;
    }

    /**
     * The validated settings.
     *
     * @throws IllegalArgumentException naming the bad field and its value
     * @throws NullPointerException naming a missing required field
     */
    public OrdersConfig build() {
      IdempotencyStoreKind store =
          idempotencyStore != null
              ? idempotencyStore
              : redisUrl != null ? IdempotencyStoreKind.REDIS : IdempotencyStoreKind.MEMORY;
      return new OrdersConfig(
          host,
          port,
          paymentServiceUrl,
          recommendationsUrl,
          emailServiceUrl,
          databaseUrl,
          Optional.ofNullable(redisUrl),
          redisKeyPrefix,
          store,
          idempotencyTtl,
          paymentTimeout,
          paymentMaxAttempts,
          paymentBackoff,
          paymentFailureThreshold,
          paymentCooldown,
          recommendationsTimeout,
          emailTimeout,
          emailCooldown,
          emailJobMaxAttempts,
          emailJobBackoff,
          jobPollInterval);
    }
  }
}
