package dev.keel.core.internal;

import dev.keel.core.Fallback;
import dev.keel.core.FallbackConfig;
import dev.keel.core.FallbackEvent;
import dev.keel.core.FallbackFailedException;
import dev.keel.core.FallbackFunction;
import dev.keel.core.KeelClock;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Fallback} behind {@link Fallback#of(FallbackConfig)}.
 *
 * @param <R> the result type of the protected calls
 */
public final class DefaultFallback<R> implements Fallback<R> {

  /** A remembered result and the clock reading when it was produced. */
  private record Good(Object value, long atNanos) {}

  private final FallbackConfig<R> config;
  private final String name;
  private final KeelClock clock;
  private final FallbackFunction<? extends R> function;

  /** Max staleness in nanoseconds; negative when last-good results are not remembered. */
  private final long maxStalenessNanos;

  /** The most recent successful result; null until the first success. */
  private final AtomicReference<Good> lastGood = new AtomicReference<>();

  private final Listeners<FallbackEvent> listeners;

  public DefaultFallback(FallbackConfig<R> config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.clock = config.clock();
    this.function = config.function();
    this.maxStalenessNanos =
        config.maxStaleness() == null ? -1 : Checks.nanos(config.maxStaleness(), Long.MAX_VALUE);
    this.listeners = new Listeners<>("Fallback '" + name + "'");
  }

  @Override
  public FallbackConfig<R> config() {
    return config;
  }

  @Override
  public Fallback<R> onEvent(Consumer<? super FallbackEvent> listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public <T> T call(Callable<T> call) throws Exception {
    T value;
    try {
      value = call.call();
    } catch (Throwable failure) {
      return recover(failure);
    }
    remember(value);
    return value;
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Futures.start(stage)
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                remember(value);
                result.complete(value);
                return;
              }
              try {
                result.complete(recover(Futures.unwrap(failure)));
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return result;
  }

  private void remember(Object value) {
    if (maxStalenessNanos >= 0) {
      lastGood.set(new Good(value, clock.nanoTime()));
    }
  }

  /** The fallback result for {@code failure}, or {@code failure} itself rethrown. */
  @SuppressWarnings("unchecked")
  private <T> T recover(Throwable failure) throws Exception {
    if (!config.handles().test(failure)) {
      throw Futures.rethrow(failure);
    }
    if (failure instanceof InterruptedException) {
      // The caller chose to answer interruption with a fallback; keep the interrupt visible.
      Thread.currentThread().interrupt();
    }
    Good good = lastGood.get();
    if (good != null && clock.nanoTime() - good.atNanos() <= maxStalenessNanos) {
      if (!listeners.isEmpty()) {
        listeners.emit(new FallbackEvent.FallbackUsed(name, failure, true));
      }
      return (T) good.value();
    }
    if (function == null) {
      if (!listeners.isEmpty()) {
        listeners.emit(new FallbackEvent.FallbackUnavailable(name, failure));
      }
      throw Futures.rethrow(failure);
    }
    T value;
    try {
      value = (T) function.apply(failure);
    } catch (Exception functionFailure) {
      throw new FallbackFailedException(name, functionFailure, failure);
    }
    if (!listeners.isEmpty()) {
      listeners.emit(new FallbackEvent.FallbackUsed(name, failure, false));
    }
    return value;
  }

  @Override
  public String toString() {
    return "Fallback[" + name + "]";
  }
}
