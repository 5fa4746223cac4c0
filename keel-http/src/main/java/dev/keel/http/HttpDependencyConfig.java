package dev.keel.http;

import dev.keel.core.Backoff;
import dev.keel.core.Criticality;
import dev.keel.core.Dependency;
import dev.keel.core.Jitter;
import dev.keel.core.internal.Checks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The immutable settings of one dependency's {@link KeelHttpClient}, built and validated by {@link
 * KeelHttpClientBuilder}. Defaults are in brackets and in the module README.
 *
 * @param name the dependency's name (1–64 letters, digits, '.', '_', '-'); also names its meters
 *     and its environment variable
 * @param baseUrl the base URL requests are resolved against [from {@code <NAME>_URL}]
 * @param criticality whether the service can answer without the dependency (keel-core's {@link
 *     Criticality}) [{@link Criticality#CRITICAL}]
 * @param connectTimeout how long a TCP/TLS connect may take [2 s]
 * @param requestTimeout how long one attempt may wait for the response [10 s]; also bounded by the
 *     request's own timeout and the caller's remaining deadline, whichever is shortest
 * @param maxAttempts attempts per call including the first [3]; 1 turns retries off
 * @param backoff delays between attempts [base 100 ms, max 2 s, ±25 % jitter]
 * @param maxRetryAfter the longest {@code Retry-After} a retry waits for [30 s]; a longer one ends
 *     the call with the failure, carrying the hint
 * @param idempotencyKeys whether POST and PATCH requests without an {@code Idempotency-Key} get a
 *     random one when retries are on, so they can be retried safely [true]
 * @param failureThreshold consecutive failed calls that open the circuit breaker [5]
 * @param cooldown how long the breaker stays open before one probe goes through [30 s]
 * @param maxConcurrentCalls calls in flight at once, the bulkhead [128]
 * @param maxWaitForPermit how long a call waits for a bulkhead permit or a rate-limit token [0:
 *     refuse at once]
 * @param rateLimitPerSecond requests per second allowed, with a burst of the same size [0: no
 *     limit]
 * @param staleIfError for an optional dependency, how old a last good response to a GET may be to
 *     be served when the call fails [0: never served]
 * @param staleEntries how many last good responses are kept (least recently used evicted) [1000]
 * @param fallback for an optional dependency, the response served when a call fails and no stale
 *     response is available; returning null means none [none]
 * @param fallbackRecency for an optional dependency, how long a failed call keeps its health {@code
 *     DEGRADED} [1 min, keel-core's {@link Dependency#DEFAULT_FALLBACK_RECENCY}]
 * @param version the HTTP version to ask for [HTTP/1.1]
 */
public record HttpDependencyConfig(
    String name,
    URI baseUrl,
    Criticality criticality,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Backoff backoff,
    Duration maxRetryAfter,
    boolean idempotencyKeys,
    int failureThreshold,
    Duration cooldown,
    int maxConcurrentCalls,
    Duration maxWaitForPermit,
    long rateLimitPerSecond,
    Duration staleIfError,
    int staleEntries,
    Optional<BiFunction<HttpRequest, DependencyException, FallbackResponse>> fallback,
    Duration fallbackRecency,
    HttpClient.Version version) {

  /** Default {@link #connectTimeout()}: 2 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default {@link #requestTimeout()}: 10 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Default {@link #maxAttempts()}: 3. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * Default {@link #backoff()}: base 100 ms, max 2 s, ±25 % jitter. Keel's general default (base 5
   * s, max 5 min) suits jobs, not a caller waiting on a request.
   */
  public static final Backoff DEFAULT_BACKOFF =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), Jitter.PROPORTIONAL, 0.25);

  /** Default {@link #maxRetryAfter()}: 30 s. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);

  /** Default {@link #failureThreshold()}: 5. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;

  /** Default {@link #cooldown()}: 30 s. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

  /** Default {@link #maxConcurrentCalls()}: 128. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 128;

  /** Default {@link #staleEntries()}: 1000. */
  public static final int DEFAULT_STALE_ENTRIES = 1000;

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field and the bad value
   */
  public HttpDependencyConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(criticality, "criticality");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(version, "version");
    Checks.positive("connectTimeout", connectTimeout);
    Checks.positive("requestTimeout", requestTimeout);
    Checks.notNegative("maxRetryAfter", maxRetryAfter);
    Checks.positive("cooldown", cooldown);
    Checks.notNegative("maxWaitForPermit", maxWaitForPermit);
    Checks.notNegative("staleIfError", staleIfError);
    Checks.positive("fallbackRecency", fallbackRecency);
    Checks.atLeastOne("maxAttempts", maxAttempts);
    Checks.atLeastOne("failureThreshold", failureThreshold);
    Checks.atLeastOne("maxConcurrentCalls", maxConcurrentCalls);
    Checks.atLeastOne("staleEntries", staleEntries);
    if (rateLimitPerSecond < 0) {
      throw new IllegalArgumentException(
          "rateLimitPerSecond must be >= 0 (0 means no limit), was " + rateLimitPerSecond);
    }
    if (criticality == Criticality.OPTIONAL && fallback.isEmpty() && staleIfError.isZero()) {
      throw new IllegalArgumentException(
          "dependency '"
              + name
              + "' is OPTIONAL but has no fallback: set fallback(...) and/or staleIfError(...),"
              + " or declare it CRITICAL");
    }
  }

  /** Whether calls are retried at all. */
  public boolean retriesEnabled() {
    return maxAttempts > 1;
  }
}
