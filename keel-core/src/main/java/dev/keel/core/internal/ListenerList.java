package dev.keel.core.internal;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one policy instance. Copy-on-write: adding is rare and takes a lock, emitting is
 * frequent and reads one volatile array.
 *
 * <p>Callers check {@link #isEmpty()} before building an event, so a policy without listeners
 * allocates no event objects. A listener that throws is logged and skipped; it never breaks the
 * call that emitted the event, nor the other listeners.
 *
 * @param <E> the event type
 */
public final class ListenerList<E> {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerList.class);

  /**
   * The registered listeners in registration order; replaced under {@link #lock}, never mutated.
   */
  private volatile Consumer<? super E>[] listeners = empty();

  private final ReentrantLock lock = new ReentrantLock();
  private final String owner;

  /**
   * @param owner names the policy in log messages, e.g. {@code "RateLimiter 'payments'"}
   */
  public ListenerList(String owner) {
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  @SuppressWarnings("unchecked")
  private static <E> Consumer<? super E>[] empty() {
    return (Consumer<? super E>[]) new Consumer<?>[0];
  }

  /** Adds a listener; thread-safe. */
  public void add(Consumer<? super E> listener) {
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      Consumer<? super E>[] current = listeners;
      Consumer<? super E>[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = listener;
      listeners = next;
    } finally {
      lock.unlock();
    }
  }

  /** True when no listener is registered: the caller should not even build the event. */
  public boolean isEmpty() {
    return listeners.length == 0;
  }

  /** Delivers {@code event} to every listener on the calling thread. */
  public void emit(E event) {
    for (Consumer<? super E> listener : listeners) {
      try {
        listener.accept(event);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable t) {
        LOG.warn("Event listener of {} threw on {}; ignored", owner, event, t);
      }
    }
  }
}
