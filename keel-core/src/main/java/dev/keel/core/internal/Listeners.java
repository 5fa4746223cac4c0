package dev.keel.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy-on-write list of event listeners. Reading is one volatile load of an immutable list, so
 * callers can check {@link #isEmpty()} before building an event and allocate nothing when nobody
 * listens. A listener that throws is logged and skipped; the others still run.
 *
 * <p>Thread-safe and lock-free.
 *
 * @param <E> the event type
 */
public final class Listeners<E> {

  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  /** The registered listeners, in registration order; replaced, never mutated. */
  private final AtomicReference<List<Consumer<? super E>>> listeners =
      new AtomicReference<>(List.of());

  private final String owner;

  /**
   * Creates an empty list.
   *
   * @param owner who emits (e.g. {@code "circuit breaker 'payments'"}), for log messages
   */
  public Listeners(String owner) {
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  /** Adds a listener. */
  public void add(Consumer<? super E> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.updateAndGet(
        current -> {
          List<Consumer<? super E>> next = new ArrayList<>(current.size() + 1);
          next.addAll(current);
          next.add(listener);
          return List.copyOf(next);
        });
  }

  /** Whether no listener is registered, so no event needs to be built. */
  public boolean isEmpty() {
    return listeners.get().isEmpty();
  }

  /** Delivers {@code event} to every listener on the calling thread. */
  public void emit(E event) {
    List<Consumer<? super E>> current = listeners.get();
    for (int i = 0; i < current.size(); i++) {
      Consumer<? super E> listener = current.get(i);
      try {
        listener.accept(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        log.warn(
            "{}: event listener {} threw on {}; ignored",
            owner,
            listener.getClass().getName(),
            event.getClass().getSimpleName(),
            e);
      }
    }
  }
}
