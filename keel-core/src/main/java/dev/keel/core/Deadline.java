package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A point in time by which the current work must be done, carried by the thread doing the work, so
 * that nested time limits never outlive the outer ones: an inner {@link Timeout} of 10 s inside an
 * outer one of 1 s with 0.8 s left gets 0.2 s, and an HTTP client can bound its own timeouts with
 * {@link #remaining()}.
 *
 * <p>The current deadline lives in a plain (not inheritable) thread-local: {@link Timeout} installs
 * it on the virtual thread it starts, and {@link #propagate(Callable)} carries it to work handed to
 * other threads. It is deliberately not inherited by every new thread, since a pool thread created
 * during a call would otherwise keep an expired deadline forever.
 *
 * <p>Immutable and thread-safe. Measured with a {@link KeelClock}, so tests can use {@link
 * ManualClock}.
 */
public final class Deadline {

  /** Saturation bound for budgets: about 146 years, so no arithmetic overflows. */
  private static final long MAX_BUDGET_NANOS = 1L << 62;

  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

  private final KeelClock clock;

  /** The clock reading at which this deadline passes. */
  private final long atNanos;

  private Deadline(KeelClock clock, long atNanos) {
    this.clock = clock;
    this.atNanos = atNanos;
  }

  /**
   * A deadline {@code budget} from now on {@code clock}.
   *
   * @throws IllegalArgumentException if {@code budget} is negative
   */
  public static Deadline after(Duration budget, KeelClock clock) {
    Checks.notNegative("budget", budget);
    Objects.requireNonNull(clock, "clock");
    long nanos =
        budget.compareTo(Duration.ofNanos(MAX_BUDGET_NANOS)) >= 0
            ? MAX_BUDGET_NANOS
            : budget.toNanos();
    return new Deadline(clock, clock.nanoTime() + nanos);
  }

  /** A deadline {@code budget} from now on the system clock. */
  public static Deadline after(Duration budget) {
    return after(budget, KeelClock.system());
  }

  /** The deadline of the work on the current thread, if any. */
  public static Optional<Deadline> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Time left before the current thread's deadline: empty when the thread has none, {@link
   * Duration#ZERO} when it has passed.
   */
  public static Optional<Duration> remaining() {
    Deadline deadline = CURRENT.get();
    return deadline == null ? Optional.empty() : Optional.of(deadline.timeLeft());
  }

  /**
   * Wraps {@code task} so that it runs with the current thread's deadline (if any), on whatever
   * thread later runs it.
   */
  public static <T> Callable<T> propagate(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    Deadline deadline = CURRENT.get();
    return deadline == null ? task : () -> deadline.call(task);
  }

  /** Time left before this deadline; {@link Duration#ZERO} once it has passed. */
  public Duration timeLeft() {
    return Duration.ofNanos(Math.max(0, atNanos - clock.nanoTime()));
  }

  /** Whether this deadline has passed. */
  public boolean isExpired() {
    return atNanos - clock.nanoTime() <= 0;
  }

  /**
   * Runs {@code task} on the current thread with this deadline installed, or with the thread's
   * current deadline if that one is earlier (a nested deadline never extends an outer one), and
   * restores the previous deadline afterwards.
   *
   * @throws Exception whatever {@code task} throws
   */
  public <T> T call(Callable<T> task) throws Exception {
    Objects.requireNonNull(task, "task");
    Deadline previous = CURRENT.get();
    Deadline effective =
        previous != null && previous.timeLeft().compareTo(timeLeft()) < 0 ? previous : this;
    CURRENT.set(effective);
    try {
      return task.call();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  @Override
  public String toString() {
    return "Deadline[in " + timeLeft() + "]";
  }
}
