package dev.keel.http;

import dev.keel.core.ManualClock;
import dev.keel.core.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Records the delays retries ask for without waiting them: a {@link Sleeper} for the blocking form
 * and a scheduler that runs at once for the async form. Tests assert on {@link #delays()} instead
 * of sleeping.
 */
final class RecordedDelays implements AutoCloseable {

  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  /** Moved forward by every delay, when given: time passes as if the delays were waited. */
  private final ManualClock clock;

  RecordedDelays() {
    this(null);
  }

  RecordedDelays(ManualClock clock) {
    this.clock = clock;
  }

  private void record(Duration delay) {
    delays.add(delay);
    if (clock != null) {
      clock.advance(delay);
    }
  }

  private final ScheduledThreadPoolExecutor scheduler =
      new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
          record(Duration.ofNanos(unit.toNanos(delay)));
          return super.schedule(task, 0, unit);
        }
      };

  /** Records and returns at once. */
  final Sleeper sleeper = this::record;

  /** Every delay asked for so far, in order. */
  List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** A client builder whose retries wait through this recorder. */
  KeelHttpClientBuilder apply(KeelHttpClientBuilder builder) {
    return builder.sleeper(sleeper).retryScheduler(scheduler);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
