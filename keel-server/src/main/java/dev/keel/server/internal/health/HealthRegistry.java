package dev.keel.server.internal.health;

import dev.keel.server.internal.health.DependencyCheck.Health;
import dev.keel.server.internal.health.DependencyCheck.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The dependencies behind {@code /health/ready}: each is {@code up}, {@code degraded} or {@code
 * down}; the server is ready unless a critical one is down or it is shutting down. Thread-safe.
 */
public final class HealthRegistry {

  private final List<DependencyCheck> checks = new CopyOnWriteArrayList<>();
  private final BooleanSupplier draining;

  /** {@code draining} reports a graceful shutdown in progress (then not ready). */
  public HealthRegistry(BooleanSupplier draining) {
    this.draining = draining;
  }

  /** Adds a dependency. */
  public void add(DependencyCheck check) {
    checks.add(check);
  }

  /** One dependency's row in the report. */
  public record Row(String name, boolean critical, String status, String detail, String breaker) {}

  /** The whole report. */
  public record Report(String status, boolean ready, List<Row> dependencies) {}

  /** Runs every check now. */
  public Report report() {
    List<Row> rows = new ArrayList<>();
    Status overall = Status.UP;
    boolean ready = !draining.getAsBoolean();
    for (DependencyCheck c : checks) {
      Health h;
      try {
        h = c.check();
      } catch (RuntimeException e) {
        h = Health.down(e.getClass().getSimpleName());
      }
      rows.add(new Row(c.name(), c.critical(), h.status().json(), h.detail(), h.breaker()));
      if (h.status() == Status.DOWN && c.critical()) {
        ready = false;
        overall = Status.DOWN;
      } else if (h.status() != Status.UP && overall == Status.UP) {
        overall = Status.DEGRADED;
      }
    }
    String status = draining.getAsBoolean() ? "draining" : overall.json();
    return new Report(status, ready, List.copyOf(rows));
  }
}
