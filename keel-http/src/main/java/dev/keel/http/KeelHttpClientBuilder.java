package dev.keel.http;

import dev.keel.core.Backoff;
import dev.keel.core.Criticality;
import dev.keel.core.Dependency;
import dev.keel.core.KeelClock;
import dev.keel.core.RetryBudget;
import dev.keel.core.Sleeper;
import dev.keel.http.internal.BaseUrls;
import dev.keel.http.internal.Collaborators;
import dev.keel.http.internal.DefaultKeelHttpClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds a {@link KeelHttpClient}. Setters only record values; {@link #buildConfig()} and {@link
 * #build()} validate them all and fail with an exception naming the setting and its value. Defaults
 * are those of {@link HttpDependencyConfig}.
 *
 * <p>Not thread-safe; the clients it builds are.
 */
public final class KeelHttpClientBuilder {

  private final String name;
  private URI baseUrl;
  private Criticality criticality = Criticality.CRITICAL;
  private Duration connectTimeout = HttpDependencyConfig.DEFAULT_CONNECT_TIMEOUT;
  private Duration requestTimeout = HttpDependencyConfig.DEFAULT_REQUEST_TIMEOUT;
  private int maxAttempts = HttpDependencyConfig.DEFAULT_MAX_ATTEMPTS;
  private Backoff backoff = HttpDependencyConfig.DEFAULT_BACKOFF;
  private Duration maxRetryAfter = HttpDependencyConfig.DEFAULT_MAX_RETRY_AFTER;
  private boolean idempotencyKeys = true;
  private int failureThreshold = HttpDependencyConfig.DEFAULT_FAILURE_THRESHOLD;
  private Duration cooldown = HttpDependencyConfig.DEFAULT_COOLDOWN;
  private int maxConcurrentCalls = HttpDependencyConfig.DEFAULT_MAX_CONCURRENT_CALLS;
  private Duration maxWaitForPermit = Duration.ZERO;
  private long rateLimitPerSecond;
  private Duration staleIfError = Duration.ZERO;
  private int staleEntries = HttpDependencyConfig.DEFAULT_STALE_ENTRIES;
  private BiFunction<HttpRequest, DependencyException, FallbackResponse> fallback;
  private Duration fallbackRecency = Dependency.DEFAULT_FALLBACK_RECENCY;
  private HttpClient.Version version = HttpClient.Version.HTTP_1_1;

  private KeelClock clock = KeelClock.system();
  private MeterRegistry meterRegistry = Metrics.globalRegistry;
  private OpenTelemetry openTelemetry;
  private Function<String, String> environment = System::getenv;
  private HttpClient httpClient;
  private Sleeper sleeper = Sleeper.system();
  private ScheduledExecutorService retryScheduler;
  private RetryBudget retryBudget = RetryBudget.unlimited();

  KeelHttpClientBuilder(String name) {
    this.name = BaseUrls.checkName(name);
  }

  /**
   * The base URL, overriding the {@code <NAME>_URL} environment variable [unset: read the
   * variable]. An absolute http(s) URL, possibly with a path, without query or fragment.
   */
  public KeelHttpClientBuilder baseUrl(URI baseUrl) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    return this;
  }

  /** {@link #baseUrl(URI)} from a string. */
  public KeelHttpClientBuilder baseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    try {
      return baseUrl(URI.create(baseUrl));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http(s) URL such as http://localhost:8081: "
              + e.getMessage(),
          e);
    }
  }

  /** Whether the service can answer without this dependency [{@link Criticality#CRITICAL}]. */
  public KeelHttpClientBuilder criticality(Criticality criticality) {
    this.criticality = Objects.requireNonNull(criticality, "criticality");
    return this;
  }

  /** How long a connect may take [2 s]. Ignored with {@link #httpClient(HttpClient)}. */
  public KeelHttpClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  /** How long one attempt may wait for its response [10 s]. */
  public KeelHttpClientBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = timeout;
    return this;
  }

  /** Attempts per call including the first [3]; 1 turns retries off. */
  public KeelHttpClientBuilder maxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
    return this;
  }

  /** Delays between attempts [base 100 ms, max 2 s, ±25 % jitter]. */
  public KeelHttpClientBuilder backoff(Backoff backoff) {
    this.backoff = backoff;
    return this;
  }

  /** The longest {@code Retry-After} a retry waits for [30 s]. */
  public KeelHttpClientBuilder maxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter = maxRetryAfter;
    return this;
  }

  /** Whether POST/PATCH without {@code Idempotency-Key} get one when retries are on [true]. */
  public KeelHttpClientBuilder idempotencyKeys(boolean enabled) {
    this.idempotencyKeys = enabled;
    return this;
  }

  /** Consecutive failed calls that open the circuit breaker [5]. */
  public KeelHttpClientBuilder failureThreshold(int threshold) {
    this.failureThreshold = threshold;
    return this;
  }

  /** How long the breaker stays open before one probe goes through [30 s]. */
  public KeelHttpClientBuilder cooldown(Duration cooldown) {
    this.cooldown = cooldown;
    return this;
  }

  /** Calls in flight at once, the bulkhead [128]. */
  public KeelHttpClientBuilder maxConcurrentCalls(int maxConcurrentCalls) {
    this.maxConcurrentCalls = maxConcurrentCalls;
    return this;
  }

  /** How long a call may wait for a bulkhead permit or a rate-limit token [0: refuse at once]. */
  public KeelHttpClientBuilder maxWaitForPermit(Duration maxWait) {
    this.maxWaitForPermit = maxWait;
    return this;
  }

  /** Requests per second allowed, with a burst of the same size [0: no limit]. */
  public KeelHttpClientBuilder rateLimitPerSecond(long permitsPerSecond) {
    this.rateLimitPerSecond = permitsPerSecond;
    return this;
  }

  /**
   * For an optional dependency: serve the last good response to the same GET when a call fails, if
   * it is at most {@code maxAge} old [0: never].
   */
  public KeelHttpClientBuilder staleIfError(Duration maxAge) {
    this.staleIfError = maxAge;
    return this;
  }

  /** How many last good responses are kept for {@link #staleIfError(Duration)} [1000]. */
  public KeelHttpClientBuilder staleEntries(int entries) {
    this.staleEntries = entries;
    return this;
  }

  /** For an optional dependency: the response served when a call fails [none]. */
  public KeelHttpClientBuilder fallback(FallbackResponse response) {
    Objects.requireNonNull(response, "fallback");
    this.fallback = (request, failure) -> response;
    return this;
  }

  /**
   * For an optional dependency: computes the response served when a call fails from the request and
   * the failure; returning null means no fallback for that call, which then throws [none].
   */
  public KeelHttpClientBuilder fallback(
      BiFunction<HttpRequest, DependencyException, FallbackResponse> fallback) {
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    return this;
  }

  /**
   * For an optional dependency: how long a failed call (answered by a fallback or not) keeps its
   * health {@code DEGRADED} [1 min].
   */
  public KeelHttpClientBuilder fallbackRecency(Duration recency) {
    this.fallbackRecency = recency;
    return this;
  }

  /** The HTTP version to ask for [HTTP/1.1]. Ignored with {@link #httpClient(HttpClient)}. */
  public KeelHttpClientBuilder version(HttpClient.Version version) {
    this.version = Objects.requireNonNull(version, "version");
    return this;
  }

  /** The clock for durations, cooldowns and cache ages [{@link KeelClock#system()}]. */
  public KeelHttpClientBuilder clock(KeelClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Where meters are registered [{@link Metrics#globalRegistry}]. */
  public KeelHttpClientBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
    return this;
  }

  /** The tracer and propagators [{@link GlobalOpenTelemetry#get()}]. */
  public KeelHttpClientBuilder openTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    return this;
  }

  /** Reads environment variables [{@link System#getenv(String)}]; for tests. */
  public KeelHttpClientBuilder environment(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
    return this;
  }

  /**
   * A JDK client to use instead of one built from {@link #connectTimeout} and {@link #version}
   * (e.g. for a custom {@code SSLContext}); the caller keeps ownership and closes it [unset].
   */
  public KeelHttpClientBuilder httpClient(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    return this;
  }

  /** How blocking retries and rate-limit waits wait [{@link Sleeper#system()}]; inject in tests. */
  public KeelHttpClientBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /**
   * Where async retries are scheduled [keel-core's shared daemon scheduler]; inject one in tests.
   * The caller keeps ownership.
   */
  public KeelHttpClientBuilder retryScheduler(ScheduledExecutorService scheduler) {
    this.retryScheduler = Objects.requireNonNull(scheduler, "retryScheduler");
    return this;
  }

  /**
   * A retry budget shared with other clients (or other retries), so that retries cannot multiply
   * the load on a failing dependency [{@link RetryBudget#unlimited()}].
   */
  public KeelHttpClientBuilder retryBudget(RetryBudget budget) {
    this.retryBudget = Objects.requireNonNull(budget, "retryBudget");
    return this;
  }

  /**
   * The validated settings.
   *
   * @throws IllegalStateException when no base URL is set and {@code <NAME>_URL} is unset, naming
   *     the variable
   * @throws IllegalArgumentException naming the bad setting and its value
   */
  public HttpDependencyConfig buildConfig() {
    return new HttpDependencyConfig(
        name,
        BaseUrls.resolve(name, baseUrl, environment),
        criticality,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        backoff,
        maxRetryAfter,
        idempotencyKeys,
        failureThreshold,
        cooldown,
        maxConcurrentCalls,
        maxWaitForPermit,
        rateLimitPerSecond,
        staleIfError,
        staleEntries,
        Optional.ofNullable(fallback),
        fallbackRecency,
        version);
  }

  /**
   * A new client.
   *
   * @throws IllegalStateException when no base URL is set and {@code <NAME>_URL} is unset, naming
   *     the variable
   * @throws IllegalArgumentException naming the bad setting and its value
   */
  public KeelHttpClient build() {
    HttpDependencyConfig config = buildConfig();
    OpenTelemetry otel = openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get();
    return new DefaultKeelHttpClient(
        config,
        new Collaborators(
            clock, meterRegistry, otel, httpClient, sleeper, retryScheduler, retryBudget));
  }
}
