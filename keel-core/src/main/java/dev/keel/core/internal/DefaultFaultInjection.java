package dev.keel.core.internal;

import dev.keel.core.Fault;
import dev.keel.core.FaultInjection;
import dev.keel.core.FaultInjectionConfig;
import dev.keel.core.FaultInjectionEvent;
import dev.keel.core.InjectedFaultException;
import dev.keel.core.Sleeper;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/** The {@link FaultInjection} behind {@link FaultInjection#of}. */
public final class DefaultFaultInjection implements FaultInjection {

  private final FaultInjectionConfig config;
  private final String name;
  private final Sleeper sleeper;

  /**
   * The random source; an injected one is used under {@link #randomLock} (most generators are not
   * thread-safe), the default thread-local one without.
   */
  private final RandomGenerator random;

  private final ReentrantLock randomLock = new ReentrantLock();

  /** The settings in force; replaced atomically, read once per call. */
  private final AtomicReference<Settings> settings;

  private final Listeners<FaultInjectionEvent> listeners;

  public DefaultFaultInjection(FaultInjectionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.sleeper = config.sleeper();
    this.random = config.random();
    this.settings = new AtomicReference<>(config.settings());
    this.listeners = new Listeners<>("FaultInjection '" + name + "'");
  }

  @Override
  public FaultInjectionConfig config() {
    return config;
  }

  @Override
  public Settings settings() {
    return settings.get();
  }

  @Override
  public void update(Settings next) {
    settings.set(Objects.requireNonNull(next, "settings"));
  }

  @Override
  public void enable() {
    change(s -> new Settings(true, s.rate(), s.fault()));
  }

  @Override
  public void disable() {
    change(s -> new Settings(false, s.rate(), s.fault()));
  }

  @Override
  public void setRate(double rate) {
    change(s -> new Settings(s.enabled(), rate, s.fault()));
  }

  @Override
  public void setFault(Fault fault) {
    change(s -> new Settings(s.enabled(), s.rate(), fault));
  }

  private void change(UnaryOperator<Settings> change) {
    settings.updateAndGet(change);
  }

  @Override
  public FaultInjection onEvent(Consumer<? super FaultInjectionEvent> listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T call(Callable<T> call) throws Exception {
    Fault fault = pick();
    if (fault == null) {
      return call.call();
    }
    return switch (fault) {
      case Fault.Latency latency -> {
        sleeper.sleep(latency.delay());
        yield call.call();
      }
      case Fault.Failure failure -> throw exceptionOf(failure);
      case Fault.Outcome outcome -> (T) outcome.value();
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> stage) {
    Fault fault = pick();
    if (fault == null) {
      return Futures.start(stage);
    }
    return switch (fault) {
      case Fault.Latency latency -> {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread waiter =
            Thread.ofVirtual()
                .name("keel-fault-" + name)
                .unstarted(
                    () -> {
                      try {
                        sleeper.sleep(latency.delay());
                      } catch (InterruptedException e) {
                        result.completeExceptionally(e);
                        return;
                      }
                      if (!result.isDone()) { // not cancelled by the caller meanwhile
                        Futures.relay(Futures.start(stage), result);
                      }
                    });
        Futures.interruptOnCancel(result, waiter);
        waiter.start();
        yield result;
      }
      case Fault.Failure failure -> CompletableFuture.failedFuture(exceptionOf(failure));
      case Fault.Outcome outcome -> CompletableFuture.completedFuture((T) outcome.value());
    };
  }

  /** The fault this call gets, or null. */
  private Fault pick() {
    Settings current = settings.get();
    if (!current.enabled() || current.rate() <= 0.0 || nextDouble() >= current.rate()) {
      return null;
    }
    if (!listeners.isEmpty()) {
      listeners.emit(new FaultInjectionEvent.FaultInjected(name, current.fault()));
    }
    return current.fault();
  }

  private double nextDouble() {
    if (random == ThreadLocalRandomSource.INSTANCE) {
      return random.nextDouble();
    }
    randomLock.lock();
    try {
      return random.nextDouble();
    } finally {
      randomLock.unlock();
    }
  }

  private Exception exceptionOf(Fault.Failure failure) {
    Exception e = failure.exception().get();
    return e != null
        ? e
        : new InjectedFaultException("injected fault (the configured supplier returned null)");
  }

  @Override
  public String toString() {
    return "FaultInjection[" + name + ", " + settings.get() + "]";
  }
}
