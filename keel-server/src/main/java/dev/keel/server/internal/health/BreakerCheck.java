package dev.keel.server.internal.health;

import dev.keel.core.Criticality;
import dev.keel.core.Dependency;
import dev.keel.core.DependencyHealth;
import java.util.Locale;

/** A keel-core {@link Dependency} (with its circuit breaker) as a readiness check. */
public final class BreakerCheck implements DependencyCheck {

  private final Dependency dependency;

  /** Reports {@code dependency}'s health. */
  public BreakerCheck(Dependency dependency) {
    this.dependency = dependency;
  }

  @Override
  public String name() {
    return dependency.name();
  }

  @Override
  public boolean critical() {
    return dependency.criticality() == Criticality.CRITICAL;
  }

  @Override
  public Health check() {
    DependencyHealth h = dependency.health();
    Status status =
        switch (h.status()) {
          case UP -> Status.UP;
          case DEGRADED -> Status.DEGRADED;
          case DOWN -> Status.DOWN;
        };
    String breaker =
        h.breakerState().map(s -> "breaker " + s.name().toLowerCase(Locale.ROOT)).orElse("");
    String reason = h.reason() == null || h.reason().isBlank() ? "" : h.reason();
    String detail =
        breaker.isEmpty() ? reason : reason.isEmpty() ? breaker : breaker + "; " + reason;
    return new Health(
        status, detail, h.breakerState().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse(null));
  }
}
