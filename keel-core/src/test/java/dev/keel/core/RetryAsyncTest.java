package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the asynchronous form has: scheduling, threads, cancellation. */
class RetryAsyncTest {

  /** Records scheduled tasks instead of running them, so a test can step attempts by hand. */
  static final class SteppingScheduler extends ScheduledThreadPoolExecutor {
    final List<Runnable> tasks = new CopyOnWriteArrayList<>();
    final List<Long> delaysNanos = new CopyOnWriteArrayList<>();

    SteppingScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      if (isShutdown()) {
        throw new RejectedExecutionException("shut down");
      }
      tasks.add(command);
      delaysNanos.add(unit.toNanos(delay));
      return null;
    }

    void runNext() {
      tasks.removeFirst().run();
    }
  }

  private final SteppingScheduler stepping = new SteppingScheduler();

  @AfterEach
  void stop() {
    stepping.shutdownNow();
  }

  private Retry retry(ScheduledExecutorService scheduler) {
    return Retry.builder("async")
        .backoff(Duration.ofMillis(1), Duration.ofMillis(4))
        .jitter(Jitter.NONE)
        .scheduler(scheduler)
        .build();
  }

  @Test
  void theFirstAttemptStartsOnTheCallerAndCallAsyncNeverWaitsForTheBackoff() throws Exception {
    Retry retry = retry(stepping);
    List<Thread> threads = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();

    CompletableFuture<String> result =
        retry
            .callAsync(
                () -> {
                  threads.add(Thread.currentThread());
                  return calls.incrementAndGet() == 1
                      ? CompletableFuture.failedFuture(new IOException("first"))
                      : CompletableFuture.completedFuture("second");
                })
            .toCompletableFuture();

    assertThat(threads).containsExactly(Thread.currentThread());
    assertThat(result).isNotDone();
    assertThat(stepping.delaysNanos).containsExactly(Duration.ofMillis(1).toNanos());
    stepping.runNext();
    assertThat(result).isCompletedWithValue("second");
    assertThat(calls).hasValue(2);
  }

  @Test
  void cancellingTheResultStopsFurtherAttempts() {
    Retry retry = retry(stepping);
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> result =
        retry
            .callAsync(
                () -> {
                  calls.incrementAndGet();
                  return CompletableFuture.<String>failedFuture(new IOException("down"));
                })
            .toCompletableFuture();
    assertThat(result.cancel(false)).isTrue();
    stepping.runNext();
    assertThat(calls).hasValue(1);
    assertThat(stepping.tasks).isEmpty();
  }

  @Test
  void aSupplierThatThrowsCountsAsAFailedAttempt() throws Exception {
    Retry retry = retry(stepping);
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> result =
        retry
            .callAsync(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new UncheckedIOException(new IOException("could not even start"));
                  }
                  return CompletableFuture.completedFuture("started");
                })
            .toCompletableFuture();
    stepping.runNext();
    assertThat(result).isCompletedWithValue("started");
  }

  @Test
  void aShutDownSchedulerFailsTheCallWithTheLastFailureAsCause() {
    Retry retry = retry(stepping);
    stepping.shutdown();
    IOException down = new IOException("down");
    CompletableFuture<String> result =
        retry.callAsync(() -> CompletableFuture.<String>failedFuture(down)).toCompletableFuture();
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("async")
        .hasCause(down);
  }

  @Test
  void manyConcurrentCallsOnARealSchedulerAllFinish() throws Exception {
    ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(2);
    try {
      Retry retry = retry(scheduler);
      List<CompletableFuture<Integer>> results = new ArrayList<>();
      AtomicInteger attempts = new AtomicInteger();
      for (int i = 0; i < 200; i++) {
        int id = i;
        AtomicInteger mine = new AtomicInteger();
        results.add(
            retry
                .callAsync(
                    () ->
                        CompletableFuture.supplyAsync(
                            () -> {
                              attempts.incrementAndGet();
                              if (mine.incrementAndGet() < 3) {
                                throw new IllegalStateException("flaky " + id);
                              }
                              return id;
                            }))
                .toCompletableFuture());
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
      }
      assertThat(attempts).hasValue(600);
      assertThat(retry.metrics().succeededAfterRetry()).isEqualTo(200);
      assertThat(retry.metrics().retries()).isEqualTo(400);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void theDefaultSchedulerStartsLaterAttemptsOnVirtualThreadsOffTheSharedTimer() throws Exception {
    Retry retry =
        Retry.builder("shared").backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
    AtomicReference<Thread> retriedOn = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    String result =
        retry
            .callAsync(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    return CompletableFuture.failedFuture(new IOException("first"));
                  }
                  retriedOn.set(Thread.currentThread());
                  return CompletableFuture.completedFuture("ok");
                })
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertThat(result).isEqualTo("ok");
    assertThat(retriedOn.get().isVirtual()).isTrue();
    assertThat(Retry.ofDefaults("other").config().scheduler()).isSameAs(retry.config().scheduler());
    assertThatThrownBy(() -> retry.config().scheduler().shutdown())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
