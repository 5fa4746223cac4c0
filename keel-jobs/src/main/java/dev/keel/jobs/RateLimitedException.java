package dev.keel.jobs;

import java.time.Duration;

/**
 * An enqueue exceeded its queue's admission limit (token bucket). Nothing was written; try again
 * after {@link #retryAfter()}.
 */
public class RateLimitedException extends RuntimeException {

  private final String queue;
  private final Duration retryAfter;

  /** Queue {@code queue} is over its enqueue rate; retry after {@code retryAfter}. */
  public RateLimitedException(String queue, Duration retryAfter) {
    super(
        "queue "
            + queue
            + " is over its enqueue rate limit; nothing was written, retry after "
            + retryAfter.toMillis()
            + " ms");
    this.queue = queue;
    this.retryAfter = retryAfter;
  }

  /** The limited queue. */
  public String queue() {
    return queue;
  }

  /** How long to wait before the tokens needed are there. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
