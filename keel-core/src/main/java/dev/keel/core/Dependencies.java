package dev.keel.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The service's downstream dependencies by name, and its health computed from them ({@link
 * #health()}): what a readiness endpoint reports. keel-http registers its clients here and
 * keel-server serves the report.
 *
 * <pre>{@code
 * Dependencies dependencies = new Dependencies();
 * dependencies.register(Dependency.critical("payments", paymentsPipeline));
 * dependencies.register(Dependency.optional("recommendations", recsPipeline));
 * HealthReport report = dependencies.health();   // 503 when !report.isReady()
 * }</pre>
 *
 * <p>Thread-safe: dependencies may be registered while health is read. Reports list dependencies by
 * name.
 */
public final class Dependencies {

  private final ConcurrentSkipListMap<String, Dependency> byName = new ConcurrentSkipListMap<>();

  /** An empty set of dependencies. */
  public Dependencies() {}

  /**
   * Adds {@code dependency}.
   *
   * @return {@code dependency}
   * @throws IllegalArgumentException if a dependency of the same name is registered already
   */
  public Dependency register(Dependency dependency) {
    Objects.requireNonNull(dependency, "dependency");
    Dependency existing = byName.putIfAbsent(dependency.name(), dependency);
    if (existing != null) {
      throw new IllegalArgumentException(
          "a dependency named '" + dependency.name() + "' is registered already: " + existing);
    }
    return dependency;
  }

  /**
   * The dependency named {@code name}.
   *
   * @throws IllegalArgumentException if there is none, listing the names there are
   */
  public Dependency get(String name) {
    Dependency dependency = byName.get(Objects.requireNonNull(name, "name"));
    if (dependency == null) {
      throw new IllegalArgumentException(
          "no dependency named '" + name + "'; registered: " + byName.keySet());
    }
    return dependency;
  }

  /** The dependency named {@code name}, if registered. */
  public Optional<Dependency> find(String name) {
    return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name")));
  }

  /** Every dependency, by name. */
  public List<Dependency> all() {
    return List.copyOf(byName.values());
  }

  /** The service's health now: every dependency's, and the overall status. */
  public HealthReport health() {
    List<DependencyHealth> each = new ArrayList<>(byName.size());
    for (Dependency dependency : byName.values()) {
      each.add(dependency.health());
    }
    return HealthReport.of(each);
  }

  @Override
  public String toString() {
    return "Dependencies" + byName.keySet();
  }
}
