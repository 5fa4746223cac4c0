package dev.keel.jobs.internal;

import java.util.concurrent.ConcurrentHashMap;

/** One {@link Signal} per queue; a wake-up for {@code null} wakes them all. Thread-safe. */
public final class QueueSignals {

  private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();

  /** The signal of {@code queue}, created on first use. */
  public Signal of(String queue) {
    return signals.computeIfAbsent(queue, q -> new Signal());
  }

  /** Wakes the waiters of {@code queue}, or of every queue when it is null. */
  public void wake(String queue) {
    if (queue == null) {
      signals.values().forEach(Signal::signal);
    } else {
      Signal s = signals.get(queue);
      if (s != null) {
        s.signal();
      }
    }
  }
}
