package dev.keel.idempotency;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link IdempotencyStore#keyPruneExpired()} periodically on a daemon thread, so expired
 * records of the SQL stores do not pile up. Failures are logged and the next run tries again.
 * Several nodes may prune the same table; deletes of expired rows are idempotent.
 *
 * <p>Thread-safe; {@link #close()} stops it.
 */
public final class IdempotencyPruner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyPruner.class);

  private final ScheduledExecutorService scheduler;

  private IdempotencyPruner(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts pruning {@code store} every {@code interval} (first run after one interval).
   *
   * @throws IllegalArgumentException if {@code interval} is shorter than 1 second
   */
  public static IdempotencyPruner start(IdempotencyStore store, Duration interval) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1 s, was " + interval);
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("keel-idempotency-pruner").factory());
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            long deleted = store.keyPruneExpired();
            if (deleted > 0) {
              LOG.debug("pruned {} expired idempotency records from {}", deleted, store.name());
            }
          } catch (RuntimeException e) {
            LOG.warn("pruning idempotency records from {} failed: {}", store.name(), e.toString());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    return new IdempotencyPruner(scheduler);
  }

  /** Stops pruning; a run in progress finishes. */
  @Override
  public void close() {
    scheduler.shutdown();
  }
}
