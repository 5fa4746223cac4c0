package dev.keel.http.internal;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a caller's {@link HttpResponse.BodyHandler} over bytes already in memory, so that a real
 * response, a cached one and a fallback reach the caller through the same handler. Stateless.
 */
public final class BodyConversion {

  private BodyConversion() {}

  /**
   * Converts {@code body} with {@code handler}, honouring the subscriber's demand.
   *
   * @return the body stage of the handler's subscriber
   */
  public static <T> CompletionStage<T> convert(
      HttpResponse.BodyHandler<T> handler,
      int status,
      HttpHeaders headers,
      HttpClient.Version version,
      byte[] body) {
    HttpResponse.ResponseInfo info = new Info(status, headers, version);
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    subscriber.onSubscribe(new OneShot(subscriber, body));
    return subscriber.getBody();
  }

  private record Info(int statusCode, HttpHeaders headers, HttpClient.Version version)
      implements HttpResponse.ResponseInfo {}

  /** Delivers one buffer on the first request, then completes. */
  private static final class OneShot implements Flow.Subscription {
    private final HttpResponse.BodySubscriber<?> subscriber;
    private final byte[] body;

    /** Set once the body was delivered or the subscription cancelled. */
    private final AtomicBoolean done = new AtomicBoolean();

    OneShot(HttpResponse.BodySubscriber<?> subscriber, byte[] body) {
      this.subscriber = subscriber;
      this.body = body;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        if (done.compareAndSet(false, true)) {
          subscriber.onError(
              new IllegalArgumentException("request(n) needs n > 0 (Flow §3.9), was " + n));
        }
        return;
      }
      if (done.compareAndSet(false, true)) {
        if (body.length > 0) {
          subscriber.onNext(List.of(ByteBuffer.wrap(body).asReadOnlyBuffer()));
        }
        subscriber.onComplete();
      }
    }

    @Override
    public void cancel() {
      done.set(true);
    }
  }
}
