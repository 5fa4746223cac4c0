package dev.keel.server.internal.health;

import java.sql.Connection;
import javax.sql.DataSource;

/** The job store's database: critical (nothing works without it). */
public final class DatabaseCheck implements DependencyCheck {

  private final DataSource dataSource;
  private final String kind;

  /** Checks {@code dataSource}; {@code kind} is {@code sqlite} or {@code postgresql}. */
  public DatabaseCheck(DataSource dataSource, String kind) {
    this.dataSource = dataSource;
    this.kind = kind;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public boolean critical() {
    return true;
  }

  @Override
  public Health check() {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      if (c.isValid(2)) {
        return Health.up(kind + ", " + (System.nanoTime() - start) / 1_000_000 + " ms");
      }
      return Health.down(kind + ": connection not valid");
    } catch (Exception e) {
      return Health.down(kind + ": " + e.getClass().getSimpleName());
    }
  }
}
