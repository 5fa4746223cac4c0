package dev.keel.core;

import java.time.Duration;

/**
 * Builds a {@link Dependency}. Defaults: {@link Criticality#CRITICAL}, an empty pipeline, a
 * fallback recency of 1 minute, the system clock. Not thread-safe; the dependencies it builds are.
 */
public final class DependencyBuilder {

  private final String name;
  private Criticality criticality = Criticality.CRITICAL;
  private Pipeline pipeline = Pipeline.empty();
  private Duration fallbackRecency = Dependency.DEFAULT_FALLBACK_RECENCY;
  private KeelClock clock = KeelClock.system();

  DependencyBuilder(String name) {
    this.name = name;
  }

  /** Whether the service can do without it [{@link Criticality#CRITICAL}]. */
  public DependencyBuilder criticality(Criticality criticality) {
    this.criticality = criticality;
    return this;
  }

  /** The policies its calls go through [none]. */
  public DependencyBuilder pipeline(Pipeline pipeline) {
    this.pipeline = pipeline;
    return this;
  }

  /** How long a use of the fallback keeps the dependency {@code DEGRADED} [1 min]; positive. */
  public DependencyBuilder fallbackRecency(Duration fallbackRecency) {
    this.fallbackRecency = fallbackRecency;
    return this;
  }

  /** The clock that ages fallback use [{@link KeelClock#system()}]. */
  public DependencyBuilder clock(KeelClock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * The dependency.
   *
   * @throws IllegalArgumentException naming the bad setting and its value
   * @throws NullPointerException naming a missing setting
   */
  public Dependency build() {
    return new Dependency(name, criticality, pipeline, fallbackRecency, clock);
  }
}
