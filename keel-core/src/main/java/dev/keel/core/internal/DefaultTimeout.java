package dev.keel.core.internal;

import dev.keel.core.Deadline;
import dev.keel.core.KeelClock;
import dev.keel.core.Timeout;
import dev.keel.core.TimeoutConfig;
import dev.keel.core.TimeoutEvent;
import dev.keel.core.TimeoutExceededException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The {@link Timeout} behind {@link Timeout#of}.
 *
 * <p>Design note: the blocking form runs the work in a {@link FutureTask} on a new virtual thread
 * and waits with {@link FutureTask#get(long, TimeUnit)}; {@code cancel(true)} both interrupts the
 * worker and decides the race with a result that arrives at the same moment (a task that finished
 * first cannot be cancelled, and its result is returned).
 */
public final class DefaultTimeout implements Timeout {

  private final TimeoutConfig config;
  private final String name;
  private final KeelClock clock;
  private final long configuredNanos;
  private final Listeners<TimeoutEvent> listeners;

  public DefaultTimeout(TimeoutConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.clock = config.clock();
    this.configuredNanos = Checks.nanos(config.timeout(), 1L << 62);
    this.listeners = new Listeners<>("Timeout '" + name + "'");
  }

  @Override
  public TimeoutConfig config() {
    return config;
  }

  @Override
  public Timeout onEvent(Consumer<? super TimeoutEvent> listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public <T> T call(Callable<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    long limit = limitNanos();
    if (limit <= 0) {
      throw timedOut(0);
    }
    Deadline deadline = Deadline.after(Duration.ofNanos(limit), clock);
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    FutureTask<T> task =
        new FutureTask<>(
            () -> {
              if (mdc != null) {
                MDC.setContextMap(mdc);
              }
              return deadline.call(call);
            });
    Thread.ofVirtual().name("keel-timeout-" + name).start(task);
    try {
      return task.get(limit, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw Futures.rethrow(e.getCause());
    } catch (TimeoutException e) {
      if (task.cancel(true)) {
        throw timedOut(limit);
      }
      return resultOfFinished(task);
    } catch (InterruptedException e) {
      task.cancel(true);
      throw e;
    }
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    Objects.requireNonNull(stage, "stage");
    long limit = limitNanos();
    if (limit <= 0) {
      return CompletableFuture.failedFuture(timedOut(0));
    }
    Deadline deadline = Deadline.after(Duration.ofNanos(limit), clock);
    CompletionStage<T> started;
    try {
      started = deadline.call(() -> Futures.start(stage));
    } catch (Exception e) {
      started = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletionStage<T> work = started;
    // Decides the race between the work and the timer: whoever sets it first completes the
    // result. The timer cancels the work before completing the result, so whoever sees the
    // timeout also sees the work cancelled.
    AtomicBoolean decided = new AtomicBoolean();
    ScheduledFuture<?> timer =
        Timers.schedule(
            () -> {
              if (decided.compareAndSet(false, true)) {
                Futures.cancel(work);
                emitTimedOut(limit);
                result.completeExceptionally(newTimeoutException(limit));
              }
            },
            limit);
    work.whenComplete(
        (value, failure) -> {
          timer.cancel(false);
          if (!decided.compareAndSet(false, true)) {
            return;
          }
          Futures.complete(result, value, failure);
        });
    return result;
  }

  /** The configured timeout, shortened to what the current thread's deadline leaves. */
  private long limitNanos() {
    Optional<Deadline> outer = Deadline.current();
    if (outer.isEmpty()) {
      return configuredNanos;
    }
    long left = outer.get().timeLeft().toNanos();
    if (left >= configuredNanos) {
      return configuredNanos;
    }
    if (!listeners.isEmpty()) {
      listeners.emit(
          new TimeoutEvent.DeadlineInherited(name, config.timeout(), Duration.ofNanos(left)));
    }
    return left;
  }

  private TimeoutExceededException timedOut(long limit) {
    emitTimedOut(limit);
    return newTimeoutException(limit);
  }

  private TimeoutExceededException newTimeoutException(long limit) {
    return new TimeoutExceededException(name, Duration.ofNanos(limit), config.timeout());
  }

  private void emitTimedOut(long limit) {
    if (!listeners.isEmpty()) {
      listeners.emit(new TimeoutEvent.TimedOut(name, Duration.ofNanos(limit)));
    }
  }

  private static <T> T resultOfFinished(FutureTask<T> task) throws Exception {
    try {
      return task.get();
    } catch (ExecutionException e) {
      throw Futures.rethrow(e.getCause());
    }
  }

  @Override
  public String toString() {
    return "Timeout[" + name + ", " + config.timeout() + "]";
  }
}
