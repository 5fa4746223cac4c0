package dev.keel.core;

import dev.keel.core.internal.DefaultFaultInjection;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Injects faults into calls, for tests and game days: with probability {@link Settings#rate()} each
 * call gets the configured {@link Fault}: extra latency, an exception instead of the call, or a
 * chosen result instead of the call.
 *
 * <p>Switchable while running: {@link #enable()}, {@link #disable()}, {@link #setRate(double)},
 * {@link #setFault(Fault)} and {@link #update(Settings)} replace the settings atomically; each call
 * reads one consistent snapshot. The random source is injectable (a seeded generator gives a
 * repeatable sequence; calls to an injected generator are serialised since most are not
 * thread-safe), and latency uses the injectable {@link Sleeper}, so tests never really wait.
 *
 * <p>The asynchronous form never blocks the caller: injected latency is waited on a new virtual
 * thread before the stage is started.
 *
 * <p>Thread-safe.
 */
public interface FaultInjection extends Policy {

  /** A builder for a fault injection named {@code name} (used in events). */
  static FaultInjectionBuilder builder(String name) {
    return new FaultInjectionBuilder(name);
  }

  /** A fault injection with the given configuration. */
  static FaultInjection of(FaultInjectionConfig config) {
    return new DefaultFaultInjection(config);
  }

  /** The configuration this fault injection was built with (its initial settings). */
  FaultInjectionConfig config();

  /** The name given at construction; used in exceptions and events. */
  default String name() {
    return config().name();
  }

  /** The settings in force now. */
  Settings settings();

  /** Replaces all settings at once. */
  void update(Settings settings);

  /** Starts injecting, with the current rate and fault. */
  void enable();

  /** Stops injecting: every call passes through untouched. */
  void disable();

  /**
   * Changes the rate.
   *
   * @throws IllegalArgumentException if {@code rate} is not in [0, 1]
   */
  void setRate(double rate);

  /** Changes the fault. */
  void setFault(Fault fault);

  /**
   * Adds a listener for this policy's events, delivered on the calling thread. A listener that
   * throws is logged and ignored.
   *
   * @return this fault injection
   */
  FaultInjection onEvent(Consumer<? super FaultInjectionEvent> listener);

  /**
   * A consistent snapshot of what a fault injection does.
   *
   * @param enabled whether faults are injected at all
   * @param rate the probability in [0, 1] that a call gets the fault
   * @param fault what an affected call gets
   */
  record Settings(boolean enabled, double rate, Fault fault) {
    /** Validates every field, naming it. */
    public Settings {
      Objects.requireNonNull(fault, "fault");
      if (!(rate >= 0.0 && rate <= 1.0)) {
        throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
      }
    }
  }
}
