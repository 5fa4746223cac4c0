package dev.keel.http;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.Dependencies;
import dev.keel.core.Dependency;
import dev.keel.core.DependencyHealth;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP client of one downstream dependency: the JDK {@link java.net.http.HttpClient} wrapped
 * with timeouts, a circuit breaker, retries, a bulkhead, a rate limiter, fallbacks, logs, metrics
 * and trace propagation.
 *
 * <pre>{@code
 * KeelHttpClient payments = KeelHttpClient.builder("payment-service").build(); // PAYMENT_SERVICE_URL
 * HttpResponse<String> charge =
 *     payments.send(
 *         payments.request("/charges").POST(BodyPublishers.ofString(json)).build(),
 *         BodyHandlers.ofString());
 * }</pre>
 *
 * <h2>A call</h2>
 *
 * <p>Each call runs through a keel-core {@link dev.keel.core.Pipeline}: fallback (optional
 * dependencies) → retry → circuit breaker → rate limiter → bulkhead → one request with its timeout.
 * Responses with 5xx or 429, timeouts and connection failures are failures: they are retried when
 * safe, counted by the breaker and, when the call finally fails, thrown as a {@link
 * DependencyException} subtype (or answered by the fallback of an optional dependency). Every other
 * response, 4xx included, is returned as is: a 404 is an answer, not an outage.
 *
 * <p>Retries happen only when they are safe: for GET, HEAD, OPTIONS, PUT and DELETE, and for any
 * request carrying an {@value #IDEMPOTENCY_KEY} header. When retries are on, a POST or PATCH
 * without that header gets one (a random UUID), the same on every attempt; switch this off with
 * {@link KeelHttpClientBuilder#idempotencyKeys(boolean)}.
 *
 * <p>Response bodies are read into memory before the caller's {@link HttpResponse.BodyHandler} sees
 * them (so that a failed attempt can be retried and a good one cached): this client is for
 * request/response APIs, not for streaming large downloads.
 *
 * <h2>Health</h2>
 *
 * <p>Each client is a keel-core {@link Dependency} ({@link #dependency()}), so the service's {@link
 * Dependencies} report covers it: {@code dependencies.register(client.dependency())}. Its {@link
 * #health()} follows keel-core's rules (see {@link Dependency}).
 *
 * <p>Thread-safe; create one per dependency and share it. {@link #close()} releases the underlying
 * JDK client's threads and connections.
 */
public interface KeelHttpClient extends AutoCloseable {

  /** The request header that makes a non-idempotent request safe to retry. */
  String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * The header on responses that did not come from the dependency: {@code default} for a configured
   * fallback, {@code stale} for a cached last good response.
   */
  String FALLBACK_HEADER = "Keel-Fallback";

  /** A builder for the client of dependency {@code name}, e.g. {@code payment-service}. */
  static KeelHttpClientBuilder builder(String name) {
    return new KeelHttpClientBuilder(name);
  }

  /** Whether {@code response} is a fallback rather than an answer from the dependency. */
  static boolean isFallback(HttpResponse<?> response) {
    return response.headers().firstValue(FALLBACK_HEADER).isPresent();
  }

  /** The dependency's name. */
  String name();

  /** The immutable settings. */
  HttpDependencyConfig config();

  /**
   * The URI of {@code pathAndQuery} under the base URL: {@code http://h/api} + {@code /x?q=1} →
   * {@code http://h/api/x?q=1}.
   *
   * @throws IllegalArgumentException if the path is absolute or not a valid URI path
   */
  URI uri(String pathAndQuery);

  /**
   * A request builder for {@code pathAndQuery} under the base URL (see {@link #uri(String)}), with
   * the dependency's {@linkplain HttpDependencyConfig#requestTimeout() request timeout} set. Set a
   * shorter timeout on it for a request that must answer sooner; a longer one is capped at the
   * configured timeout, as for any request. (A request that carries the timeout its attempts use is
   * sent as it is; any other is copied once per call to set it.)
   */
  default HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(config().requestTimeout());
  }

  /**
   * Sends {@code request} and waits for the answer; meant for virtual threads.
   *
   * @return the response, converted by {@code handler}; for an optional dependency whose call
   *     failed, possibly a fallback (see {@link #isFallback(HttpResponse)})
   * @throws DependencyTimeoutException when no attempt got a response in time
   * @throws DependencyConnectException when no attempt could connect or the connection broke
   * @throws DependencyServerErrorException when the dependency answered 5xx to the last attempt
   * @throws DependencyRateLimitedException when the dependency answered 429 to the last attempt
   * @throws DependencyUnavailableException when Keel refused the call (breaker open, bulkhead full,
   *     rate limit exhausted)
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws InterruptedException;

  /**
   * Sends {@code request} without blocking the caller. The future completes as {@link #send} would
   * return, or exceptionally with the same {@link DependencyException} subtypes (not wrapped;
   * {@link CompletableFuture#join()} wraps them in a {@code CompletionException} as usual).
   */
  <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler);

  /**
   * This client as a keel-core {@link Dependency}: its name, criticality and the {@link
   * dev.keel.core.Pipeline} of its policies, for registering with the service's {@link
   * Dependencies} ({@code dependencies.register(client.dependency())}). It exists for health and
   * inspection: send requests through {@link #send} and {@link #sendAsync}, not through the
   * dependency's {@code call}, whose fallback speaks this client's internal types. Always the same
   * instance.
   */
  Dependency dependency();

  /**
   * The dependency's health now, by keel-core's rules ({@code dependency().health()}): a critical
   * dependency is {@code DOWN} while its breaker is open (or forced open), {@code DEGRADED} while
   * it is half-open (probing), else {@code UP}; an optional one is {@code DEGRADED} while its
   * breaker is open or half-open or within {@code fallbackRecency} of a failed call, else {@code
   * UP}.
   */
  DependencyHealth health();

  /** The latest failure and success of this client's calls, for dashboards. */
  RecentCalls recentCalls();

  /**
   * The dependency's circuit breaker (keel-core's), for operators and dashboards: its state and
   * counters, and manual transitions ({@code forceOpen()}, {@code reset()}).
   */
  CircuitBreaker circuitBreaker();

  /** Releases the JDK client's threads and connections; in-flight calls may fail. */
  @Override
  void close();
}
