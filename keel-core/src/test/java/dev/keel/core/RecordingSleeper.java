package dev.keel.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper for tests: never waits, advances a {@link ManualClock} and records every delay. */
final class RecordingSleeper implements Sleeper {

  private final ManualClock clock;
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  RecordingSleeper(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration delay) {
    delays.add(delay);
    clock.advance(delay);
  }

  List<Duration> delays() {
    return delays;
  }
}
