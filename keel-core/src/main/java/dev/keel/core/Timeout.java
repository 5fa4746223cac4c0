package dev.keel.core;

import dev.keel.core.internal.DefaultTimeout;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Bounds how long a call may take, and really stops the work when the time is up.
 *
 * <p><b>Blocking form.</b> {@link #call} runs the callable on a new virtual thread (the caller's
 * {@link Deadline} and SLF4J MDC are carried over; other thread-locals are not) and waits for it.
 * On expiry it interrupts that thread and throws {@link TimeoutExceededException} at once, without
 * waiting for the work to notice: work that ignores interruption runs on in the background, but its
 * result is dropped. Running the work on a thread of its own, rather than interrupting the caller's
 * thread from a watchdog, means a late interrupt can never hit the caller after the call has
 * returned.
 *
 * <p><b>Asynchronous form.</b> {@link #callAsync} calls the supplier on the caller's thread (with
 * the deadline installed while it runs) and, on expiry, completes the returned stage exceptionally
 * with {@link TimeoutExceededException} and cancels the supplier's stage with {@code
 * toCompletableFuture().cancel(true)}. It never blocks the caller.
 *
 * <p><b>Nesting.</b> The limit applied is the smaller of the configured timeout and what is left of
 * the current thread's {@link Deadline}; an outer deadline that has already passed fails the call
 * at once without starting it. The work sees its deadline through {@link Deadline#remaining()}.
 *
 * <p><b>Time.</b> The configured clock measures the deadline (what {@link Deadline#remaining()}
 * reports and nested timeouts inherit); expiry itself is scheduled in real time for that many
 * nanoseconds.
 *
 * <p>Thread-safe.
 */
public interface Timeout extends Policy {

  /** A builder for a timeout named {@code name} (used in exceptions and events). */
  static TimeoutBuilder builder(String name) {
    return new TimeoutBuilder(name);
  }

  /**
   * A timeout of {@code timeout}, named {@code "timeout"}, on the system clock.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  static Timeout of(Duration timeout) {
    return builder("timeout").timeout(timeout).build();
  }

  /** A timeout with the given configuration. */
  static Timeout of(TimeoutConfig config) {
    return new DefaultTimeout(config);
  }

  /** The configuration this timeout was built with. */
  TimeoutConfig config();

  /** The name given at construction; used in exceptions and events. */
  default String name() {
    return config().name();
  }

  /**
   * Adds a listener for this timeout's events, delivered on the thread that observes them (the
   * caller, or a timer's virtual thread for the asynchronous form). A listener that throws is
   * logged and ignored.
   *
   * @return this timeout
   */
  Timeout onEvent(Consumer<? super TimeoutEvent> listener);
}
