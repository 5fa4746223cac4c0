package dev.keel.bench.internal.primitives;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} that answers every request at once, in memory, with 200 and a small JSON
 * body delivered through the caller's body handler as the JDK's client would (head, one buffer,
 * completion). With no network, what a client built on it costs beyond it is its own layers. Not a
 * general client: it ignores the request beyond handing it back. Thread-safe.
 */
final class InMemoryHttpClient extends HttpClient {

  /** The body of every answer. */
  static final String BODY = "{\"id\":42,\"status\":\"shipped\",\"items\":3,\"total\":\"42.00\"}";

  private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

  private static final HttpHeaders HEADERS =
      HttpHeaders.of(
          Map.of(
              "Content-Type",
              List.of("application/json"),
              "Content-Length",
              List.of(Integer.toString(BYTES.length))),
          (name, value) -> true);

  private static final HttpResponse.ResponseInfo INFO = new Head(200, HEADERS, Version.HTTP_1_1);

  private record Head(int statusCode, HttpHeaders headers, Version version)
      implements HttpResponse.ResponseInfo {}

  /** Nothing to cancel or pace: the one buffer is delivered right after the subscription. */
  private static final Flow.Subscription SUBSCRIPTION =
      new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      };

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(INFO);
    subscriber.onSubscribe(SUBSCRIPTION);
    subscriber.onNext(List.of(ByteBuffer.wrap(BYTES)));
    subscriber.onComplete();
    return new Response<>(request, subscriber.getBody().toCompletableFuture().join());
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return CompletableFuture.completedFuture(send(request, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return sendAsync(request, handler);
  }

  private record Response<T>(HttpRequest request, T body) implements HttpResponse<T> {
    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return HEADERS;
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return request.uri();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return Optional.empty();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return Optional.empty();
  }

  @Override
  public Redirect followRedirects() {
    return Redirect.NEVER;
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return Optional.empty();
  }

  @Override
  public SSLContext sslContext() {
    return null;
  }

  @Override
  public SSLParameters sslParameters() {
    return new SSLParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return Optional.empty();
  }

  @Override
  public Version version() {
    return Version.HTTP_1_1;
  }

  @Override
  public Optional<Executor> executor() {
    return Optional.empty();
  }
}
