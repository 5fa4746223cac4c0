package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The immutable configuration of a {@link FaultInjection}; every value is validated here.
 *
 * @param name names the policy in events; not blank
 * @param fault what an affected call gets [default {@link Fault#failure()}]
 * @param rate initial probability in [0, 1] that a call gets the fault [default 1.0]
 * @param enabled whether injection starts switched on [default true]
 * @param random the random source [default: the calling thread's {@link
 *     java.util.concurrent.ThreadLocalRandom}]
 * @param sleeper how injected latency waits [default {@link Sleeper#system()}]
 */
public record FaultInjectionConfig(
    String name,
    Fault fault,
    double rate,
    boolean enabled,
    RandomGenerator random,
    Sleeper sleeper) {

  /** Validates every field; a bad value fails here, naming the field and the value. */
  public FaultInjectionConfig {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
    Checks.notBlank("name", name);
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
    }
  }

  /** The initial settings. */
  public FaultInjection.Settings settings() {
    return new FaultInjection.Settings(enabled, rate, fault);
  }
}
