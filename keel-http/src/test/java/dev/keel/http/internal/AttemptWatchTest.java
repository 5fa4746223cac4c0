package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AttemptWatchTest {

  private static final ResponseDeadlines DEADLINES = new ResponseDeadlines("test-attempt-watch");

  private static final HttpResponse.ResponseInfo HEAD =
      new HttpResponse.ResponseInfo() {
        @Override
        public int statusCode() {
          return 200;
        }

        @Override
        public HttpHeaders headers() {
          return HttpHeaders.of(Map.of(), (k, v) -> true);
        }

        @Override
        public HttpClient.Version version() {
          return HttpClient.Version.HTTP_1_1;
        }
      };

  private static long inMillis(long millis) {
    return System.nanoTime() + Duration.ofMillis(millis).toNanos();
  }

  @Test
  void the_body_is_read_by_the_jdks_own_byte_array_subscriber() {
    AttemptWatch watch = AttemptWatch.blocking(inMillis(60_000), DEADLINES);

    HttpResponse.BodySubscriber<byte[]> subscriber = watch.apply(HEAD);
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
    subscriber.onNext(List.of(ByteBuffer.wrap("he".getBytes(StandardCharsets.UTF_8))));
    subscriber.onNext(List.of(ByteBuffer.wrap("llo".getBytes(StandardCharsets.UTF_8))));
    subscriber.onComplete();

    assertThat(subscriber.getBody().toCompletableFuture().join())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("hello");
    assertThat(subscriber.getClass().getName()).startsWith("jdk.internal.net.http.");
    assertThat(watch.finish()).isTrue();
  }

  @Test
  void a_blocking_attempt_past_its_deadline_is_interrupted_and_finish_clears_the_interrupt()
      throws Exception {
    AttemptWatch watch = AttemptWatch.blocking(inMillis(30), DEADLINES);
    watch.apply(HEAD); // the head arrived: from now on the deadline is watched

    // The body never comes: the thread waits until the expiry interrupts it.
    assertThatThrownBy(() -> new CountDownLatch(1).await())
        .isInstanceOf(InterruptedException.class);

    assertThat(watch.finish()).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void a_blocking_attempt_that_finishes_first_is_never_interrupted() {
    AttemptWatch watch = AttemptWatch.blocking(inMillis(30), DEADLINES);
    watch.apply(HEAD);

    assertThat(watch.finish()).isTrue();

    // A later watch expires: the watcher has scanned past the first one's deadline.
    AtomicInteger expired = new AtomicInteger();
    AttemptWatch later = AttemptWatch.async(inMillis(60), DEADLINES, expired::incrementAndGet);
    later.apply(HEAD);
    await().atMost(Duration.ofSeconds(30)).until(() -> expired.get() == 1);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void an_async_attempt_past_its_deadline_is_settled_and_its_exchange_cancelled() {
    AtomicInteger settled = new AtomicInteger();
    AttemptWatch watch = AttemptWatch.async(inMillis(30), DEADLINES, settled::incrementAndGet);
    CompletableFuture<Object> exchange = new CompletableFuture<>();
    watch.attach(exchange);

    watch.apply(HEAD);

    await().atMost(Duration.ofSeconds(30)).until(exchange::isCancelled);
    assertThat(settled.get()).isEqualTo(1);
    // The attempt's own completion then knows it lost the race.
    assertThat(watch.finish()).isFalse();
  }

  @Test
  void an_exchange_attached_after_the_expiry_is_cancelled_at_once() {
    AtomicInteger settled = new AtomicInteger();
    AttemptWatch watch = AttemptWatch.async(inMillis(0), DEADLINES, settled::incrementAndGet);
    watch.apply(HEAD);
    await().atMost(Duration.ofSeconds(30)).until(() -> settled.get() == 1);

    CompletableFuture<Object> exchange = new CompletableFuture<>();
    watch.attach(exchange);

    assertThat(exchange).isCancelled();
  }

  @Test
  void an_async_attempt_finished_first_is_neither_settled_nor_cancelled_by_its_deadline() {
    AtomicInteger settled = new AtomicInteger();
    AttemptWatch watch = AttemptWatch.async(inMillis(20), DEADLINES, settled::incrementAndGet);
    CompletableFuture<Object> exchange = new CompletableFuture<>();
    watch.attach(exchange);
    watch.apply(HEAD);

    assertThat(watch.finish()).isTrue();
    assertThat(watch.finish()).isFalse(); // finished already

    AtomicInteger later = new AtomicInteger();
    AttemptWatch sentinel = AttemptWatch.async(inMillis(60), DEADLINES, later::incrementAndGet);
    sentinel.apply(HEAD);
    await().atMost(Duration.ofSeconds(30)).until(() -> later.get() == 1);
    assertThat(settled.get()).isZero();
    assertThat(exchange).isNotCancelled();
  }
}
