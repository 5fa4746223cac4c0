package dev.keel.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of a service computed from its {@link Dependencies}: the worst of its dependencies'
 * statuses. {@link HealthStatus#DOWN} only when a {@link Criticality#CRITICAL} dependency is down
 * (an optional one can at worst degrade the service), {@link HealthStatus#DEGRADED} when any
 * dependency is degraded or an optional one is failing, otherwise {@link HealthStatus#UP}. A
 * service without dependencies is up. Immutable.
 *
 * @param status the service's overall status
 * @param dependencies every dependency's health, by name
 */
public record HealthReport(HealthStatus status, List<DependencyHealth> dependencies) {

  /** Validates the components and copies the list. */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    dependencies = List.copyOf(dependencies);
  }

  /** The report of {@code dependencies}, with the overall status derived from them. */
  public static HealthReport of(List<DependencyHealth> dependencies) {
    HealthStatus overall = HealthStatus.UP;
    for (DependencyHealth health : dependencies) {
      overall = overall.worst(health.status());
    }
    return new HealthReport(overall, dependencies);
  }

  /** Whether the service can take traffic: anything but {@link HealthStatus#DOWN}. */
  public boolean isReady() {
    return status != HealthStatus.DOWN;
  }

  /** The health of the dependency named {@code name}, if it is in the report. */
  public Optional<DependencyHealth> dependency(String name) {
    return dependencies.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
