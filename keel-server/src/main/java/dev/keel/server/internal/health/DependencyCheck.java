package dev.keel.server.internal.health;

/**
 * One dependency the server relies on. {@link #check()} must return within a couple of seconds and
 * never throw; implementations are thread-safe.
 */
public interface DependencyCheck {

  /** Name shown in {@code /health/ready} and the dashboard. */
  String name();

  /** A critical dependency that is down makes the server not ready (503). */
  boolean critical();

  /** The current state. */
  Health check();

  /** State of one dependency. */
  enum Status {
    /** Works. */
    UP,
    /** Works partly or slowly; responses may be degraded. */
    DEGRADED,
    /** Does not work. */
    DOWN;

    /** Lower-case name used in JSON. */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A check result with a short human detail (never a secret) and, for dependencies behind a
   * circuit breaker, its state ({@code closed}, {@code open}, {@code half_open}, {@code
   * forced_open}; null otherwise).
   */
  record Health(Status status, String detail, String breaker) {
    /** Up. */
    public static Health up(String detail) {
      return new Health(Status.UP, detail, null);
    }

    /** Down. */
    public static Health down(String detail) {
      return new Health(Status.DOWN, detail, null);
    }
  }
}
