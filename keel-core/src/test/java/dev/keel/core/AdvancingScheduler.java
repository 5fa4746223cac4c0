package dev.keel.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for asynchronous retries in tests: records each delay, moves a {@link ManualClock}
 * forward by it and runs the task at once on its own thread, so asynchronous scenarios run in
 * manual time like the blocking ones with {@link RecordingSleeper}. Shut it down after the test.
 */
final class AdvancingScheduler extends ScheduledThreadPoolExecutor {

  private final ManualClock clock;
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  AdvancingScheduler(ManualClock clock) {
    super(1);
    this.clock = clock;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Duration wait = Duration.ofNanos(unit.toNanos(delay));
    delays.add(wait);
    clock.advance(wait);
    return super.schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  List<Duration> delays() {
    return delays;
  }
}
