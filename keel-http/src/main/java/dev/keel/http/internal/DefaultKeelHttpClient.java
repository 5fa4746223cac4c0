package dev.keel.http.internal;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.Criticality;
import dev.keel.core.Deadline;
import dev.keel.core.Dependency;
import dev.keel.core.DependencyHealth;
import dev.keel.core.KeelClock;
import dev.keel.core.internal.Futures;
import dev.keel.http.DependencyException;
import dev.keel.http.HttpDependencyConfig;
import dev.keel.http.KeelHttpClient;
import dev.keel.http.RecentCalls;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@link KeelHttpClient} implementation.
 *
 * <p>Design: a call is prepared once (idempotency key, retry safety, trace parent) into a {@link
 * CallContext}; its attempts run through keel-core's {@link dev.keel.core.Pipeline} ({@link
 * HttpPolicies}), each attempt sent by {@link Exchange} as bytes; the bytes then reach the caller
 * through their own body handler ({@link BodyConversion}), or, when the call failed and the
 * dependency is optional, a fallback does ({@link Degradation}). Refusals by the policies become
 * {@link dev.keel.http.DependencyUnavailableException}s ({@link Refusals}). Thread-safe.
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
  private final HttpPolicies policies;
  private final Refusals refusals;

  /** Null for a critical dependency: its failures are thrown. */
  private final Degradation degradation;

  private final RecentCallsTracker recent;

  /**
   * URIs of recent paths, by the path's hash. Racy by design: entries are immutable (final fields),
   * so a reader sees a whole entry or none, and a lost write only costs a parse.
   */
  private final RecentUri[] recentUris = new RecentUri[64];

  private record RecentUri(String pathAndQuery, URI uri) {}

  /**
   * Labels of recent request URIs, by the URI's hash (which a URI computes once). Matched by
   * identity, as the URIs of {@link #uri} are shared; racy by design like {@link #recentUris}.
   */
  private final CallContext.Labels[] recentLabels = new CallContext.Labels[64];

  /** Creates the client; a null {@code parts.httpClient()} means build one from the config. */
  public DefaultKeelHttpClient(HttpDependencyConfig config, Collaborators parts) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = parts.clock();
    this.recent = new RecentCallsTracker(clock);
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
    HttpMetrics metrics = new HttpMetrics(parts.registry(), config.name());
    this.exchange =
        new Exchange(
            this.httpClient,
            config.name(),
            config.connectTimeout(),
            config.requestTimeout(),
            clock,
            metrics,
            new Tracing(parts.openTelemetry()));
    this.policies = new HttpPolicies(config, parts);
    this.refusals = new Refusals(config.name(), config.rateLimitPerSecond());
    this.degradation =
        config.criticality() == Criticality.OPTIONAL
            ? new Degradation(config, clock, metrics)
            : null;
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
    // Most calls repeat a few paths: parsing a URI again costs more than finding it here.
    int slot = pathAndQuery == null ? 0 : pathAndQuery.hashCode() & (recentUris.length - 1);
    RecentUri recentUri = recentUris[slot];
    if (recentUri != null && recentUri.pathAndQuery.equals(pathAndQuery)) {
      return recentUri.uri;
    }
    URI uri = BaseUrls.join(config.baseUrl(), pathAndQuery);
    recentUris[slot] = new RecentUri(pathAndQuery, uri);
    return uri;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws InterruptedException {
    Objects.requireNonNull(handler, "handler");
    CallContext call = prepare(request);
    Answer answer;
    try {
      answer = policies.pipeline(call).call(() -> attempt(call));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Throwable failure = callerFailure(call, e);
      throw failure instanceof RuntimeException r ? r : new CompletionException(failure);
    }
    return join(answered(call, answer, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Objects.requireNonNull(handler, "handler");
    CallContext call = prepare(request);
    CompletionStage<Answer> answers;
    try {
      answers = policies.pipeline(call).callAsync(() -> attemptAsync(call));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    answers.whenComplete(
        (answer, error) -> {
          CompletableFuture<HttpResponse<T>> next;
          if (error != null) {
            next = CompletableFuture.failedFuture(callerFailure(call, error));
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
                  result.completeExceptionally(Futures.unwrap(failure));
                } else {
                  result.complete(response);
                }
              });
        });
    return result;
  }

  @Override
  public Dependency dependency() {
    return policies.dependency();
  }

  @Override
  public DependencyHealth health() {
    return policies.dependency().health();
  }

  @Override
  public RecentCalls recentCalls() {
    return recent.snapshot();
  }

  @Override
  public CircuitBreaker circuitBreaker() {
    return policies.breaker();
  }

  @Override
  public void close() {
    policies.close();
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
    // Only a call that is not idempotent by its method needs a key to be retried.
    boolean keyed = !idempotent && !request.headers().allValues(IDEMPOTENCY_KEY).isEmpty();
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
        prepared,
        labels(prepared.uri()),
        idempotent || keyed,
        Context.current(),
        Deadline.current().orElse(null));
  }

  /** The labels of {@code uri}, from the recent ones when it is one of them. */
  private CallContext.Labels labels(URI uri) {
    int slot = uri.hashCode() & (recentLabels.length - 1);
    CallContext.Labels labels = recentLabels[slot];
    if (labels == null || labels.uri() != uri) {
      labels = CallContext.Labels.of(uri);
      recentLabels[slot] = labels;
    }
    return labels;
  }

  /** One attempt, blocking: nothing is sent once the caller's deadline is spent. */
  private Answer attempt(CallContext call) throws InterruptedException {
    call.checkDeadline(config.name());
    HttpResponse<byte[]> raw = exchange.send(call, call.budget());
    return Answer.fresh(raw, clock.nanoTime());
  }

  /** One attempt, without blocking. */
  private CompletionStage<Answer> attemptAsync(CallContext call) {
    try {
      call.checkDeadline(config.name());
    } catch (DependencyException e) {
      return CompletableFuture.failedFuture(e);
    }
    return exchange
        .sendAsync(call, call.budget())
        .thenApply(raw -> Answer.fresh(raw, clock.nanoTime()));
  }

  /**
   * What the caller sees for a call that ended in {@code error}: a refusal by the policies becomes
   * a {@link dev.keel.http.DependencyUnavailableException}; a {@link DependencyException} is
   * recorded as the latest failure; anything else (a programming error) passes unchanged.
   */
  private Throwable callerFailure(CallContext call, Throwable error) {
    Throwable cause = Futures.unwrap(error);
    if (Failures.isLocalRefusal(cause)) {
      cause = refusals.unavailable(call, cause);
    }
    if (cause instanceof DependencyException failure) {
      recent.failure(failure.getMessage(), clock.now());
    }
    return cause;
  }

  /**
   * Turns the answer into the caller's response: the call's own response, or (optional
   * dependencies) a stale response or the default fallback.
   *
   * @throws DependencyException when the call failed and no fallback exists for it
   */
  private <T> CompletableFuture<HttpResponse<T>> answered(
      CallContext call, Answer answer, HttpResponse.BodyHandler<T> handler) {
    if (answer.failure() == null) {
      HttpResponse<byte[]> raw = answer.response();
      recent.success(answer.receivedNanos());
      if (degradation != null) {
        degradation.remember(call, answer);
      }
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
    // Only an optional dependency's fallback makes failed answers, and only of answerable failures.
    DependencyException failure = (DependencyException) callerFailure(call, answer.failure());
    CompletableFuture<HttpResponse<T>> fallback = degradation.respond(call, failure, handler);
    if (fallback == null) {
      throw failure;
    }
    return fallback;
  }

  /** Waits for a body conversion, rethrowing its failure unwrapped. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = Futures.unwrap(e);
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
