package dev.keel.http.internal;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.Deadline;
import dev.keel.core.KeelClock;
import dev.keel.http.Criticality;
import dev.keel.http.DependencyException;
import dev.keel.http.DependencyHealth;
import dev.keel.http.HttpDependencyConfig;
import dev.keel.http.KeelHttpClient;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The {@link KeelHttpClient} implementation.
 *
 * <p>Design: a call is prepared once (idempotency key, retry safety, trace parent) into a {@link
 * CallContext}; {@link Resilience} runs its attempts through keel-core's policies, each attempt
 * sent by {@link Exchange} as bytes; the bytes then reach the caller through their own body handler
 * ({@link BodyConversion}), or, when the call failed and the dependency is optional, a fallback
 * does ({@link Degradation}). Thread-safe.
 */
public final class DefaultKeelHttpClient implements KeelHttpClient {

  /** Methods that are idempotent by definition (RFC 9110 §9.2.2), hence safe to retry. */
  private static final Set<String> IDEMPOTENT_METHODS =
      Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

  private final HttpDependencyConfig config;
  private final KeelClock clock;
  private final HttpClient httpClient;

  /** The JDK client's executor when this client created it (and so closes it), else null. */
  private final ExecutorService ownedExecutor;

  private final Exchange exchange;
  private final Resilience resilience;
  private final Degradation degradation;
  private final HealthTracker health;
  private final HttpMetrics metrics;

  /** Whether failures are answered by fallbacks. */
  private final boolean optional;

  /** Creates the client; a null {@code parts.httpClient()} means build one from the config. */
  public DefaultKeelHttpClient(HttpDependencyConfig config, Collaborators parts) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = parts.clock();
    HttpClient httpClient = parts.httpClient();
    if (httpClient == null) {
      this.ownedExecutor =
          Executors.newThreadPerTaskExecutor(
              Thread.ofVirtual().name("keel-http-" + config.name() + "-", 0).factory());
      this.httpClient =
          HttpClient.newBuilder()
              .connectTimeout(config.connectTimeout())
              .version(config.version())
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(ownedExecutor)
              .build();
    } else {
      this.ownedExecutor = null;
      this.httpClient = httpClient;
    }
    this.metrics = new HttpMetrics(parts.registry(), config.name());
    this.exchange =
        new Exchange(
            this.httpClient,
            config.name(),
            config.connectTimeout(),
            config.requestTimeout(),
            clock,
            metrics,
            new Tracing(parts.openTelemetry()));
    this.resilience = new Resilience(config, parts, metrics);
    this.health = new HealthTracker(config.name(), config.criticality());
    this.degradation = new Degradation(config, clock, metrics);
    this.optional = config.criticality() == Criticality.OPTIONAL;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public HttpDependencyConfig config() {
    return config;
  }

  @Override
  public URI uri(String pathAndQuery) {
    return BaseUrls.join(config.baseUrl(), pathAndQuery);
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws InterruptedException {
    Objects.requireNonNull(handler, "handler");
    CallContext call = prepare(request);
    Callable<HttpResponse<byte[]>> attempts =
        () -> resilience.call(call, () -> exchange.send(call, call.budget()));
    Answer answer;
    try {
      if (optional) {
        answer = degradation.policy(call).call(() -> fresh(call, attempts.call()));
      } else {
        answer = fresh(call, attempts.call());
      }
    } catch (InterruptedException | RuntimeException e) {
      if (e instanceof DependencyException failure) {
        health.failure(failure.getMessage(), clock.now(), false);
      }
      throw e;
    } catch (Exception e) {
      throw new CompletionException(e);
    }
    return join(answered(call, answer, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Objects.requireNonNull(handler, "handler");
    CallContext call = prepare(request);
    Supplier<CompletionStage<Answer>> attempts =
        () ->
            resilience
                .callAsync(call, () -> exchange.sendAsync(call, call.budget()))
                .thenApply(raw -> fresh(call, raw));
    CompletionStage<Answer> answers;
    try {
      answers = optional ? degradation.policy(call).callAsync(attempts) : attempts.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    answers.whenComplete(
        (answer, error) -> {
          CompletableFuture<HttpResponse<T>> next;
          if (error != null) {
            Throwable cause = Exchange.unwrap(error);
            if (cause instanceof DependencyException failure) {
              health.failure(failure.getMessage(), clock.now(), false);
            }
            next = CompletableFuture.failedFuture(cause);
          } else {
            try {
              next = answered(call, answer, handler);
            } catch (RuntimeException e) {
              next = CompletableFuture.failedFuture(e);
            }
          }
          next.whenComplete(
              (response, failure) -> {
                if (failure != null) {
                  result.completeExceptionally(Exchange.unwrap(failure));
                } else {
                  result.complete(response);
                }
              });
        });
    return result;
  }

  @Override
  public DependencyHealth health() {
    return health.snapshot(resilience.breakerState(), resilience.breakerClosed());
  }

  @Override
  public CircuitBreaker circuitBreaker() {
    return resilience.breaker();
  }

  @Override
  public void close() {
    metrics.close();
    if (ownedExecutor != null) {
      httpClient.shutdownNow();
      ownedExecutor.shutdownNow();
    }
  }

  /** Adds what the call needs on every attempt and decides whether it may be retried. */
  private CallContext prepare(HttpRequest request) {
    Objects.requireNonNull(request, "request");
    String method = request.method();
    boolean idempotent = IDEMPOTENT_METHODS.contains(method);
    boolean keyed = request.headers().firstValue(IDEMPOTENCY_KEY).isPresent();
    HttpRequest prepared = request;
    if (!idempotent
        && !keyed
        && config.retriesEnabled()
        && config.idempotencyKeys()
        && (method.equals("POST") || method.equals("PATCH"))) {
      prepared =
          HttpRequest.newBuilder(request, (k, v) -> true)
              .header(IDEMPOTENCY_KEY, UUID.randomUUID().toString())
              .build();
      keyed = true;
    }
    return new CallContext(
        prepared, idempotent || keyed, Context.current(), Deadline.current().orElse(null));
  }

  /** Wraps the call's own response, remembering it so it can be told from a stale one. */
  private Answer fresh(CallContext call, HttpResponse<byte[]> raw) {
    Answer answer = new Answer(raw, clock.nanoTime(), null);
    call.fresh = answer;
    return answer;
  }

  /**
   * Turns the answer into the caller's response: the call's own response, or (optional
   * dependencies) a stale response or the default fallback.
   *
   * @throws DependencyException when the call failed and no fallback exists for it
   */
  private <T> CompletableFuture<HttpResponse<T>> answered(
      CallContext call, Answer answer, HttpResponse.BodyHandler<T> handler) {
    if (answer == call.fresh) {
      HttpResponse<byte[]> raw = answer.response();
      health.success(clock.now());
      return BodyConversion.convert(
              handler, raw.statusCode(), raw.headers(), raw.version(), raw.body())
          .toCompletableFuture()
          .thenApply(
              body ->
                  new KeelResponse<>(
                      raw.statusCode(),
                      call.request,
                      raw.headers(),
                      body,
                      raw.sslSession(),
                      raw.uri(),
                      raw.version()));
    }
    CompletableFuture<HttpResponse<T>> fallback = degradation.respond(call, answer, handler);
    String description =
        answer.failure() != null
            ? answer.failure().getMessage()
            : call.method + " " + call.safeUrl + " failed; served a stale response";
    health.failure(description, clock.now(), fallback != null);
    if (fallback == null) {
      throw answer.failure();
    }
    return fallback;
  }

  /** Waits for a body conversion, rethrowing its failure unwrapped. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = Exchange.unwrap(e);
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
