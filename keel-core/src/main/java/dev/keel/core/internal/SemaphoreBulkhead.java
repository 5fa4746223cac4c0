package dev.keel.core.internal;

import dev.keel.core.Bulkhead;
import dev.keel.core.BulkheadConfig;
import dev.keel.core.BulkheadEvent;
import dev.keel.core.BulkheadFullException;
import dev.keel.core.KeelExecutors;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Bulkhead} behind {@link Bulkhead#of}: a fair {@link Semaphore}.
 *
 * <p>Design note: every acquired permit has exactly one owner that releases it: the caller's {@code
 * finally} for a plain {@link #call}, a {@link PermitTask} when the work runs on an executor, or
 * the completion of the work's stage for {@link #callAsync}. An asynchronous caller that must wait
 * for a permit waits on a virtual thread of its own, never on the caller's thread.
 */
public final class SemaphoreBulkhead implements Bulkhead {

  private final BulkheadConfig config;
  private final String name;
  private final Semaphore permits;
  private final long maxWaitNanos;

  /** Where {@code call}/{@code callAsync} run the work; null means the caller's thread. */
  private final Executor callExecutor;

  /** Where {@code submit} runs the work; never null. */
  private final Executor submitExecutor;

  private final Listeners<BulkheadEvent> listeners;

  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  public SemaphoreBulkhead(BulkheadConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.permits = new Semaphore(config.maxConcurrent(), true);
    this.maxWaitNanos = Checks.nanos(config.maxWait(), Long.MAX_VALUE);
    Executor custom = config.executor();
    this.callExecutor = custom != null ? custom : config.cpuBound() ? KeelExecutors.cpu() : null;
    this.submitExecutor = callExecutor != null ? callExecutor : KeelExecutors.io();
    this.listeners = new Listeners<>("Bulkhead '" + name + "'");
  }

  @Override
  public BulkheadConfig config() {
    return config;
  }

  @Override
  public Metrics metrics() {
    return new Metrics(permitted.sum(), rejected.sum());
  }

  @Override
  public int availablePermits() {
    return permits.availablePermits();
  }

  @Override
  public Bulkhead onEvent(Consumer<? super BulkheadEvent> listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public <T> T call(Callable<T> call) throws Exception {
    boolean acquired =
        maxWaitNanos == 0
            ? permits.tryAcquire()
            : permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    if (!acquired) {
      throw rejected();
    }
    permitted();
    if (callExecutor == null) {
      try {
        return call.call();
      } finally {
        release();
      }
    }
    PermitTask<T> task = PermitTask.of(call, this::release);
    try {
      callExecutor.execute(task);
    } catch (RejectedExecutionException e) {
      task.cancel(false);
      throw e;
    }
    try {
      return task.get();
    } catch (ExecutionException e) {
      throw Futures.rethrow(e.getCause());
    } catch (InterruptedException e) {
      task.cancel(true);
      throw e;
    }
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    return startAsync(callExecutor, stage);
  }

  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return startAsync(
        submitExecutor,
        () -> {
          try {
            return CompletableFuture.completedFuture(task.call());
          } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
          }
        });
  }

  private <T> CompletableFuture<T> startAsync(
      Executor executor, Supplier<? extends CompletionStage<T>> stage) {
    Objects.requireNonNull(stage, "stage");
    CompletableFuture<T> result = new CompletableFuture<>();
    if (permits.tryAcquire()) {
      permitted();
      runPermitted(executor, stage, result);
    } else if (maxWaitNanos == 0) {
      result.completeExceptionally(rejected());
    } else {
      Thread waiter =
          Thread.ofVirtual()
              .name("keel-bulkhead-" + name)
              .unstarted(
                  () -> {
                    try {
                      if (!permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                        result.completeExceptionally(rejected());
                        return;
                      }
                    } catch (InterruptedException e) {
                      result.completeExceptionally(e);
                      return;
                    }
                    if (result.isDone()) { // cancelled by the caller while waiting
                      permits.release();
                      return;
                    }
                    permitted();
                    runPermitted(executor, stage, result);
                  });
      Futures.interruptOnCancel(result, waiter);
      waiter.start();
    }
    return result;
  }

  /** Starts the work; the permit is released when the work's stage completes. */
  private <T> void runPermitted(
      Executor executor,
      Supplier<? extends CompletionStage<T>> stage,
      CompletableFuture<T> result) {
    Runnable start =
        () ->
            Futures.start(stage)
                .whenComplete(
                    (value, failure) -> {
                      release();
                      Futures.complete(result, value, failure);
                    });
    if (executor == null) {
      start.run();
      return;
    }
    try {
      executor.execute(start);
    } catch (RejectedExecutionException e) {
      release();
      result.completeExceptionally(e);
    }
  }

  private BulkheadFullException rejected() {
    rejected.increment();
    if (!listeners.isEmpty()) {
      listeners.emit(new BulkheadEvent.Rejected(name, config.maxConcurrent()));
    }
    return new BulkheadFullException(name, config.maxConcurrent(), config.maxWait());
  }

  private void permitted() {
    permitted.increment();
    if (!listeners.isEmpty()) {
      listeners.emit(new BulkheadEvent.Permitted(name, permits.availablePermits()));
    }
  }

  private void release() {
    permits.release();
    if (!listeners.isEmpty()) {
      listeners.emit(new BulkheadEvent.Released(name));
    }
  }

  @Override
  public String toString() {
    return "Bulkhead[" + name + ", maxConcurrent=" + config.maxConcurrent() + "]";
  }
}
