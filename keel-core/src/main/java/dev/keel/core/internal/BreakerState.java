package dev.keel.core.internal;

import dev.keel.core.CircuitBreaker.State;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stay of a breaker in one state. A breaker holds its current stay in an {@code
 * AtomicReference} and replaces it by compare-and-set, so a transition happens exactly once even
 * when many threads see the same trigger. Stays are allocated only on transitions; their counters
 * are mutated in place.
 */
abstract sealed class BreakerState {

  final State kind;

  BreakerState(State kind) {
    this.kind = kind;
  }

  /** Closed: calls run; {@link #counter} decides when to open. */
  static final class Closed extends BreakerState {
    final FailureCounter counter;

    Closed(FailureCounter counter) {
      super(State.CLOSED);
      this.counter = counter;
    }
  }

  /** Open since {@link #openedAtNanos}; rejects until the cooldown has passed. */
  static final class Open extends BreakerState {
    final long openedAtNanos;

    Open(long openedAtNanos) {
      super(State.OPEN);
      this.openedAtNanos = openedAtNanos;
    }
  }

  /** Half-open: hands out {@link #permits} probes; all must succeed to close. */
  static final class HalfOpen extends BreakerState {
    final int permits;

    /** Probes handed out; never exceeds {@link #permits}. */
    final AtomicInteger issued = new AtomicInteger();

    /** Outcomes received; outcomes beyond {@link #issued} are stale and ignored. */
    final AtomicInteger completed = new AtomicInteger();

    /** Probes that succeeded. */
    final AtomicInteger succeeded = new AtomicInteger();

    HalfOpen(int permits) {
      super(State.HALF_OPEN);
      this.permits = permits;
    }

    /**
     * Takes back one issued probe whose outcome was ignored, unless no probe is outstanding (an
     * ignored outcome reported through the permission API without a probe of this stay).
     */
    void giveBack() {
      for (; ; ) {
        int current = issued.get();
        if (current <= completed.get()) {
          return;
        }
        if (issued.compareAndSet(current, current - 1)) {
          return;
        }
      }
    }

    boolean tryIssue() {
      for (; ; ) {
        int current = issued.get();
        if (current >= permits) {
          return false;
        }
        if (issued.compareAndSet(current, current + 1)) {
          return true;
        }
      }
    }
  }

  /**
   * A state without counters: forced open or disabled by an operator (until another manual
   * transition), or the marker a permission request returns when every half-open probe is out.
   */
  static final class Fixed extends BreakerState {
    Fixed(State kind) {
      super(kind);
    }
  }
}
