package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BulkheadTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Counts concurrent runs and the highest concurrency seen; each run blocks until released. */
  private static final class Probe {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxSeen = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    String work() throws InterruptedException {
      int now = running.incrementAndGet();
      maxSeen.accumulateAndGet(now, Math::max);
      try {
        release.await();
        return "done";
      } finally {
        running.decrementAndGet();
        completed.incrementAndGet();
      }
    }

    /** The asynchronous form: the work runs on a virtual thread of its own. */
    CompletionStage<String> workAsync() {
      CompletableFuture<String> result = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  result.complete(work());
                } catch (Throwable t) {
                  result.completeExceptionally(t);
                }
              });
      return result;
    }
  }

  /** Starts {@code callers} virtual threads each calling through the bulkhead once. */
  private static List<CompletableFuture<String>> startCallers(
      int callers, Bulkhead bulkhead, Mode mode, Probe probe, AtomicInteger rejected) {
    List<CompletableFuture<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      CompletableFuture<String> outcome = new CompletableFuture<>();
      outcomes.add(outcome);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  String value =
                      mode == Mode.SYNC
                          ? bulkhead.call(probe::work)
                          : bulkhead.callAsync(probe::workAsync).toCompletableFuture().get();
                  outcome.complete(value);
                } catch (Throwable t) {
                  Throwable cause = t instanceof ExecutionException ? t.getCause() : t;
                  if (cause instanceof BulkheadFullException) {
                    rejected.incrementAndGet();
                  }
                  outcome.completeExceptionally(cause);
                }
              });
    }
    return outcomes;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenNoWaitWhenManyCallersArriveThenOnlyTheLimitRunsAndTheRestAreRejected(Mode mode) {
    Bulkhead bulkhead = Bulkhead.builder("db").maxConcurrent(5).build();
    Probe probe = new Probe();
    AtomicInteger rejected = new AtomicInteger();

    List<CompletableFuture<String>> outcomes = startCallers(50, bulkhead, mode, probe, rejected);

    await().atMost(PATIENCE).until(() -> rejected.get() == 45 && probe.running.get() == 5);
    assertThat(bulkhead.availablePermits()).isZero();
    probe.release.countDown();
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .exceptionally(t -> null)
        .join();

    assertThat(probe.maxSeen.get()).isEqualTo(5);
    assertThat(probe.completed.get()).isEqualTo(5);
    assertThat(rejected.get()).isEqualTo(45);
    await().atMost(PATIENCE).until(() -> bulkhead.availablePermits() == 5);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenALongMaxWaitThenEveryCallerRunsButNeverMoreThanTheLimitAtOnce(Mode mode) {
    Bulkhead bulkhead =
        Bulkhead.builder("db").maxConcurrent(4).maxWait(Duration.ofMinutes(5)).build();
    Probe probe = new Probe();
    probe.release.countDown(); // runs finish at once; callers queue for permits
    AtomicInteger rejected = new AtomicInteger();

    List<CompletableFuture<String>> outcomes = startCallers(200, bulkhead, mode, probe, rejected);
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();

    assertThat(probe.completed.get()).isEqualTo(200);
    assertThat(probe.maxSeen.get()).isBetween(1, 4);
    assertThat(rejected.get()).isZero();
    await().atMost(PATIENCE).until(() -> bulkhead.availablePermits() == 4);
  }

  @Test
  void givenABoundedWaitWhenNoPermitFreesThenTheCallerIsRejectedAfterWaiting() throws Exception {
    Bulkhead bulkhead =
        Bulkhead.builder("db").maxConcurrent(1).maxWait(Duration.ofMillis(20)).build();
    Probe probe = new Probe();
    CompletionStage<String> holder = bulkhead.callAsync(probe::workAsync);
    await().atMost(PATIENCE).until(() -> probe.running.get() == 1);

    assertThatThrownBy(() -> bulkhead.call(() -> "never"))
        .isInstanceOfSatisfying(
            BulkheadFullException.class,
            e -> {
              assertThat(e.bulkheadName()).isEqualTo("db");
              assertThat(e.maxConcurrent()).isEqualTo(1);
              assertThat(e).hasMessageContaining("none finished within PT0.02S");
            });
    assertThat(bulkhead.callAsync(() -> Mode.completed(() -> "never")).toCompletableFuture())
        .failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(BulkheadFullException.class);

    probe.release.countDown();
    assertThat(holder.toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void thePermitIsReleasedWhenTheCallFails(Mode mode) {
    Bulkhead bulkhead = Bulkhead.builder("db").maxConcurrent(1).build();
    IllegalStateException boom = new IllegalStateException("boom");
    Callable<String> failing =
        () -> {
          throw boom;
        };

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> mode.call(bulkhead, failing)).isSameAs(boom);
    }

    assertThat(bulkhead.availablePermits()).isEqualTo(1);
  }

  @Test
  void aSupplierThatThrowsReleasesThePermitAndFailsTheStage() {
    Bulkhead bulkhead = Bulkhead.builder("db").maxConcurrent(1).build();

    CompletionStage<String> stage =
        bulkhead.callAsync(
            () -> {
              throw new IllegalStateException("could not start");
            });

    assertThat(stage.toCompletableFuture())
        .failsWithin(PATIENCE)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
  }

  @Test
  void anAsyncPermitIsHeldUntilTheStageCompletes() {
    Bulkhead bulkhead = Bulkhead.builder("db").maxConcurrent(1).build();
    CompletableFuture<String> work = new CompletableFuture<>();

    CompletionStage<String> stage = bulkhead.callAsync(() -> work);
    assertThat(bulkhead.availablePermits()).isZero();

    work.complete("late");
    assertThat(stage.toCompletableFuture()).isCompletedWithValue("late");
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
  }

  @Test
  void aCallerThatCancelsWhileWaitingForAPermitNeverStartsItsWork() throws Exception {
    Bulkhead bulkhead =
        Bulkhead.builder("db").maxConcurrent(1).maxWait(Duration.ofMinutes(5)).build();
    Probe probe = new Probe();
    CompletionStage<String> holder = bulkhead.callAsync(probe::workAsync);
    AtomicBoolean started = new AtomicBoolean();

    CompletableFuture<String> waiting =
        bulkhead
            .callAsync(
                () -> {
                  started.set(true);
                  return Mode.completed(() -> "late");
                })
            .toCompletableFuture();
    assertThat(waiting.cancel(true)).isTrue();
    probe.release.countDown();

    assertThat(holder.toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("done");
    await().atMost(PATIENCE).until(() -> bulkhead.availablePermits() == 1);
    assertThat(started).isFalse();
  }

  @Test
  void cpuBoundWorkRunsOnTheCorePoolAndIoWorkOnVirtualThreads() throws Exception {
    Bulkhead cpu = Bulkhead.builder("hash").maxConcurrent(2).cpuBound(true).build();
    Bulkhead io = Bulkhead.builder("fetch").maxConcurrent(2).build();
    Callable<String> where =
        () -> (Thread.currentThread().isVirtual() ? "virtual:" : "platform:") + threadName();

    assertThat(cpu.call(where)).startsWith("platform:keel-cpu-");
    assertThat(cpu.submit(where).get(30, TimeUnit.SECONDS)).startsWith("platform:keel-cpu-");
    assertThat(
            cpu.callAsync(() -> Mode.completed(where))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS))
        .startsWith("platform:keel-cpu-");
    assertThat(io.submit(where).get(30, TimeUnit.SECONDS)).startsWith("virtual:keel-io-");
    assertThat(cpu.availablePermits()).isEqualTo(2);
  }

  private static String threadName() {
    return Thread.currentThread().getName();
  }

  @Test
  void interruptingACallerOfCpuBoundWorkInterruptsTheWorkAndKeepsThePermitUntilItStops()
      throws Exception {
    Bulkhead cpu = Bulkhead.builder("crunch").maxConcurrent(1).cpuBound(true).build();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean workInterrupted = new AtomicBoolean();
    CompletableFuture<Throwable> callerOutcome = new CompletableFuture<>();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    cpu.call(
                        () -> {
                          started.countDown();
                          try {
                            new CountDownLatch(1).await();
                          } catch (InterruptedException e) {
                            workInterrupted.set(true);
                          }
                          return null;
                        });
                    callerOutcome.complete(null);
                  } catch (Throwable t) {
                    callerOutcome.complete(t);
                  }
                });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();

    assertThat(callerOutcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    await().atMost(PATIENCE).untilTrue(workInterrupted);
    await().atMost(PATIENCE).until(() -> cpu.availablePermits() == 1);
  }

  @Test
  void aSaturatedCpuPoolRejectsClearly() throws Exception {
    ExecutorService pool = KeelExecutors.newCpuPool("tiny", 1, 1);
    try {
      Bulkhead bulkhead = Bulkhead.builder("tiny").maxConcurrent(10).executor(pool).build();
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> running =
          bulkhead.submit(() -> release.await(30, TimeUnit.SECONDS));
      CompletableFuture<Object> queued = bulkhead.submit(() -> "queued");

      CompletableFuture<Object> third = bulkhead.submit(() -> "no room");

      assertThat(third)
          .failsWithin(PATIENCE)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(RejectedExecutionException.class)
          .withMessageContaining("CPU pool 'tiny' is saturated");
      assertThat(bulkhead.availablePermits()).as("rejected work gave its permit back").isEqualTo(8);
      release.countDown();
      assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(true);
      assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo("queued");
      await().atMost(PATIENCE).until(() -> bulkhead.availablePermits() == 10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listenersSeePermitsRejectionsAndReleases() throws Exception {
    Bulkhead bulkhead = Bulkhead.builder("db").maxConcurrent(1).build();
    List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
    bulkhead.onEvent(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    bulkhead.onEvent(events::add);

    String result =
        bulkhead.call(
            () -> {
              assertThatThrownBy(() -> bulkhead.call(() -> "nested"))
                  .isInstanceOf(BulkheadFullException.class);
              return "outer";
            });

    assertThat(result).isEqualTo("outer");
    assertThat(events)
        .containsExactly(
            new BulkheadEvent.Permitted("db", 0),
            new BulkheadEvent.Rejected("db", 1),
            new BulkheadEvent.Released("db"));
  }

  @Test
  void defaultsAndBadConfiguration() {
    BulkheadConfig defaults = Bulkhead.ofDefaults("d").config();
    assertThat(defaults.maxConcurrent()).isEqualTo(25);
    assertThat(defaults.maxWait()).isEqualTo(Duration.ZERO);
    assertThat(defaults.cpuBound()).isFalse();

    assertThatThrownBy(() -> Bulkhead.builder("x").maxConcurrent(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrent must be > 0, was 0");
    assertThatThrownBy(() -> Bulkhead.builder("x").maxWait(Duration.ofMillis(-3)).build())
        .hasMessage("maxWait must not be negative, was PT-0.003S");
    assertThatThrownBy(() -> Bulkhead.builder("").build())
        .hasMessageContaining("name must not be blank");
    assertThatThrownBy(() -> KeelExecutors.newCpuPool("p", 0, 1))
        .hasMessage("threads must be > 0, was 0");
    assertThatThrownBy(() -> KeelExecutors.newCpuPool("p", 1, 0))
        .hasMessage("queueCapacity must be > 0, was 0");
  }
}
