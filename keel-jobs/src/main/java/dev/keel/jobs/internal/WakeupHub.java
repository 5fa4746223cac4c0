package dev.keel.jobs.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out of "jobs may be available in queue X" signals to subscribers. A {@code null} queue means
 * "any queue" (sent after a listener reconnect, when notifications may have been missed).
 * Thread-safe; listeners must not block.
 */
public final class WakeupHub {

  private static final Logger LOG = LoggerFactory.getLogger(WakeupHub.class);

  /** Current subscribers; copy-on-write because publishing is far more frequent than changes. */
  private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener; closing the result removes it. */
  public AutoCloseable subscribe(Consumer<String> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Delivers {@code queue} (or null for all) to every listener. */
  public void publish(String queue) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(queue);
      } catch (RuntimeException e) {
        LOG.warn("wake-up listener failed", e);
      }
    }
  }

  /** True when anyone listens. */
  public boolean hasListeners() {
    return !listeners.isEmpty();
  }
}
