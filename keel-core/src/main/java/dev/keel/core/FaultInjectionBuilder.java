package dev.keel.core;

import dev.keel.core.internal.ThreadLocalRandomSource;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link FaultInjection}. Not thread-safe; {@link #build()} takes an immutable snapshot.
 *
 * <p>Defaults: fault {@link Fault#failure()} (throws {@link InjectedFaultException}), rate 1.0,
 * enabled, {@link java.util.concurrent.ThreadLocalRandom}, the system sleeper.
 */
public final class FaultInjectionBuilder {

  private final String name;
  private Fault fault = Fault.failure();
  private double rate = 1.0;
  private boolean enabled = true;
  private RandomGenerator random = ThreadLocalRandomSource.INSTANCE;
  private Sleeper sleeper = Sleeper.system();

  FaultInjectionBuilder(String name) {
    this.name = name;
  }

  /** What an affected call gets [default {@link Fault#failure()}]. */
  public FaultInjectionBuilder fault(Fault fault) {
    this.fault = Objects.requireNonNull(fault, "fault");
    return this;
  }

  /** Shortcut for {@code fault(Fault.latency(delay))}. */
  public FaultInjectionBuilder latency(Duration delay) {
    return fault(Fault.latency(delay));
  }

  /** Shortcut for {@code fault(Fault.failure(exception))}. */
  public FaultInjectionBuilder failure(Supplier<? extends Exception> exception) {
    return fault(Fault.failure(exception));
  }

  /** Shortcut for {@code fault(Fault.outcome(value))}. */
  public FaultInjectionBuilder outcome(Object value) {
    return fault(Fault.outcome(value));
  }

  /** Probability in [0, 1] that a call gets the fault [default 1.0]. */
  public FaultInjectionBuilder rate(double rate) {
    this.rate = rate;
    return this;
  }

  /** Whether injection starts switched on [default true]. */
  public FaultInjectionBuilder enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /**
   * The random source, e.g. a seeded {@link java.util.SplittableRandom} for repeatable tests
   * [default {@link java.util.concurrent.ThreadLocalRandom}].
   */
  public FaultInjectionBuilder random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /** How injected latency waits [default {@link Sleeper#system()}]. */
  public FaultInjectionBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /** The validated configuration. */
  public FaultInjectionConfig buildConfig() {
    return new FaultInjectionConfig(name, fault, rate, enabled, random, sleeper);
  }

  /**
   * A new fault injection.
   *
   * @throws IllegalArgumentException naming the setting when a value is out of range
   */
  public FaultInjection build() {
    return FaultInjection.of(buildConfig());
  }
}
