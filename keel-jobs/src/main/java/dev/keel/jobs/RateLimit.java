package dev.keel.jobs;

/**
 * A token-bucket rate: bursts up to {@code capacity}, refilled at {@code perSecond}.
 *
 * @param capacity burst size, positive
 * @param perSecond sustained rate, positive
 */
public record RateLimit(double capacity, double perSecond) {

  /** Validates. */
  public RateLimit {
    if (!(capacity >= 1)) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("perSecond must be positive, was " + perSecond);
    }
  }

  /** {@code perSecond} sustained with a burst of one second's worth (at least 1). */
  public static RateLimit perSecond(double perSecond) {
    return new RateLimit(Math.max(1, perSecond), perSecond);
  }
}
