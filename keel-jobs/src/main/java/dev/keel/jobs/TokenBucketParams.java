package dev.keel.jobs;

/**
 * A token bucket kept in the store so every node shares it. Refill arithmetic runs in SQL on the
 * database clock.
 *
 * @param name the bucket (e.g. {@code "enqueue:default"})
 * @param capacity burst size, positive
 * @param refillPerSecond tokens added per second, positive
 * @param tokens tokens wanted, at least 1
 * @param partial when true grant as many whole tokens as are there (up to {@code tokens}); when
 *     false all or nothing
 */
public record TokenBucketParams(
    String name, double capacity, double refillPerSecond, int tokens, boolean partial) {

  /** Validates. */
  public TokenBucketParams {
    if (!(capacity > 0) || !(refillPerSecond > 0) || tokens < 1) {
      throw new IllegalArgumentException(
          "token bucket "
              + name
              + " needs capacity > 0, refillPerSecond > 0 and tokens >= 1, was "
              + capacity
              + ", "
              + refillPerSecond
              + ", "
              + tokens);
    }
  }
}
