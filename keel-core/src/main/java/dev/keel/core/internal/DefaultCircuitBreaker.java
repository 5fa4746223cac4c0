package dev.keel.core.internal;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.CircuitBreakerConfig;
import dev.keel.core.CircuitBreakerEvent;
import dev.keel.core.CircuitBreakerOpenException;
import dev.keel.core.KeelClock;
import dev.keel.core.Outcome;
import dev.keel.core.internal.BreakerState.Closed;
import dev.keel.core.internal.BreakerState.Fixed;
import dev.keel.core.internal.BreakerState.HalfOpen;
import dev.keel.core.internal.BreakerState.Open;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The circuit breaker behind {@link CircuitBreaker#of}.
 *
 * <p>Design: the whole state machine is one {@code AtomicReference<BreakerState>}. Each stay in a
 * state is its own object with its own counters, so a transition is a single compare-and-set from
 * the exact stay that saw the trigger: it happens once, and outcomes of calls permitted in an older
 * stay can be recognised (the stay is no longer current) and kept out of the state machine. A
 * permission request returns the stay it was granted in; {@link #record} takes it back. Nothing on
 * the closed-state success path allocates: the stay already exists, counters are atomics and {@code
 * LongAdder}s, and events are built only when {@link #listeners} is not empty.
 */
public final class DefaultCircuitBreaker implements CircuitBreaker, Chain.Layer {

  /** Named after the public type, so users can tune it without naming an internal class. */
  private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

  private static final Fixed FORCED_OPEN = new Fixed(State.FORCED_OPEN);
  private static final Fixed DISABLED = new Fixed(State.DISABLED);

  /** Returned by {@link #acquire()} when the breaker is half-open and every probe is out. */
  private static final Fixed HALF_OPEN_FULL = new Fixed(State.HALF_OPEN);

  private final CircuitBreakerConfig config;
  private final String name;
  private final KeelClock clock;
  private final long cooldownNanos;

  /** Calls lasting at least this long are failures; {@code Long.MAX_VALUE} when not judged. */
  private final long slowNanos;

  private final Predicate<Throwable> failurePredicate;
  private final Predicate<Throwable> ignorePredicate;
  private final Predicate<Object> resultFailurePredicate;

  /** The current stay; replaced only by compare-and-set (or set, for manual transitions). */
  private final AtomicReference<BreakerState> state;

  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder slowCalls = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final Listeners<CircuitBreakerEvent> listeners;

  /** A closed breaker with {@code config}. */
  public DefaultCircuitBreaker(CircuitBreakerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.clock = config.clock();
    this.cooldownNanos = config.cooldown().toNanos();
    this.slowNanos = config.slowCallThreshold().map(Duration::toNanos).orElse(Long.MAX_VALUE);
    this.failurePredicate = config.failurePredicate();
    this.ignorePredicate = config.ignorePredicate();
    this.resultFailurePredicate = config.resultFailurePredicate();
    this.listeners = new Listeners<>("circuit breaker '" + name + "'");
    this.state = new AtomicReference<>(newClosed());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CircuitBreakerConfig config() {
    return config;
  }

  @Override
  public State state() {
    BreakerState current = state.get();
    if (current instanceof Open open && cooldownOver(open, clock.nanoTime())) {
      transition(open, new HalfOpen(config.halfOpenPermits()));
      return state.get().kind;
    }
    return current.kind;
  }

  @Override
  public Metrics metrics() {
    BreakerState current = state.get();
    double rate =
        current instanceof Closed closed ? closed.counter.failureRate(clock.nanoTime()) : -1;
    return new Metrics(
        successes.sum(),
        failures.sum(),
        slowCalls.sum(),
        rejected.sum(),
        ignored.sum(),
        Math.min(100.0, rate));
  }

  // ---- permission-style API ----

  @Override
  public boolean tryAcquirePermission() {
    return granted(acquire());
  }

  @Override
  public void acquirePermission() {
    BreakerState stay = acquire();
    if (!granted(stay)) {
      throw rejection(stay);
    }
  }

  @Override
  public void onSuccess(long durationNanos) {
    record(state.get(), durationNanos, false, null);
  }

  @Override
  public void onFailure(long durationNanos, Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    recordFailure(state.get(), durationNanos, failure);
  }

  @Override
  public void onResult(long durationNanos, Object result) {
    recordResult(state.get(), durationNanos, result);
  }

  // ---- call forms ----

  @Override
  public <T> T call(Callable<T> call) throws Exception {
    return callThrough(Chain.DIRECT, 0, call);
  }

  @Override
  public <T> T callThrough(Chain rest, int index, Callable<T> call) throws Exception {
    BreakerState stay = acquire();
    if (!granted(stay)) {
      throw rejection(stay);
    }
    boolean timed = timed();
    long start = timed ? clock.nanoTime() : 0;
    T result;
    try {
      result = rest.proceed(index, call);
    } catch (Exception | Error e) {
      recordFailure(stay, elapsed(timed, start), e);
      throw e;
    }
    recordResult(stay, elapsed(timed, start), result);
    return result;
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    BreakerState stay = acquire();
    if (!granted(stay)) {
      return CompletableFuture.failedFuture(rejection(stay));
    }
    long start = clock.nanoTime();
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(supplier.get(), "callAsync supplier returned null");
    } catch (Throwable t) {
      recordFailure(stay, clock.nanoTime() - start, t);
      return CompletableFuture.failedFuture(t);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          long duration = clock.nanoTime() - start;
          if (error == null) {
            recordResult(stay, duration, value);
            result.complete(value);
          } else {
            Throwable cause = Futures.unwrap(error);
            recordFailure(stay, duration, cause);
            result.completeExceptionally(cause);
          }
        });
    return result;
  }

  @Override
  public <T> Outcome<T> execute(Callable<T> call) {
    BreakerState stay = acquire();
    if (!granted(stay)) {
      return new Outcome.Rejected<>(name, Duration.ofNanos(retryAfterNanos(stay)));
    }
    boolean timed = timed();
    long start = timed ? clock.nanoTime() : 0;
    T result;
    try {
      result = call.call();
    } catch (Throwable t) {
      recordFailure(stay, elapsed(timed, start), t);
      if (t instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      return new Outcome.Failure<>(t);
    }
    recordResult(stay, elapsed(timed, start), result);
    return new Outcome.Success<>(result);
  }

  // ---- manual transitions ----

  @Override
  public void forceOpen() {
    manual(FORCED_OPEN);
  }

  @Override
  public void disable() {
    manual(DISABLED);
  }

  @Override
  public void reset() {
    manual(newClosed());
  }

  @Override
  public void onEvent(Consumer<? super CircuitBreakerEvent> listener) {
    listeners.add(listener);
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + name + ", " + state.get().kind + "]";
  }

  /**
   * Whether a call must be timed: durations matter only to judge slow calls and to report them to
   * listeners. Without either, the call forms skip both clock reads (two {@code nanoTime()} calls
   * cost more than the rest of the closed-state success path). A listener added while an untimed
   * call runs sees a zero duration for that call.
   */
  private boolean timed() {
    return slowNanos != Long.MAX_VALUE || !listeners.isEmpty();
  }

  /** Nanoseconds since {@code start} when {@code timed}, else 0 (not measured). */
  private long elapsed(boolean timed, long start) {
    return timed ? clock.nanoTime() - start : 0;
  }

  // ---- the state machine ----

  /**
   * Asks for a permit. Returns the stay that granted it ({@link Closed}, {@link HalfOpen} or {@link
   * #DISABLED}), or the stay that refused it ({@link Open}, {@link #FORCED_OPEN}, {@link
   * #HALF_OPEN_FULL}) after counting the rejection.
   */
  private BreakerState acquire() {
    for (; ; ) {
      BreakerState current = state.get();
      if (current instanceof Closed || current == DISABLED) {
        return current;
      }
      if (current instanceof HalfOpen halfOpen) {
        if (halfOpen.tryIssue()) {
          return current;
        }
        return rejected(HALF_OPEN_FULL);
      }
      if (current instanceof Open open && cooldownOver(open, clock.nanoTime())) {
        // Whoever wins the CAS creates the half-open stay; everyone retries against it.
        transition(open, new HalfOpen(config.halfOpenPermits()));
        continue;
      }
      return rejected(current);
    }
  }

  private static boolean granted(BreakerState stay) {
    return stay instanceof Closed || stay instanceof HalfOpen || stay == DISABLED;
  }

  private BreakerState rejected(BreakerState stay) {
    rejected.increment();
    if (!listeners.isEmpty()) {
      listeners.emit(
          new CircuitBreakerEvent.CallRejected(
              name, clock.now(), stay.kind, Duration.ofNanos(retryAfterNanos(stay))));
    }
    return stay;
  }

  private CircuitBreakerOpenException rejection(BreakerState stay) {
    return new CircuitBreakerOpenException(
        name, stay.kind, Duration.ofNanos(retryAfterNanos(stay)));
  }

  /** Remaining cooldown of an open stay; 0 for the others (no schedule known). */
  private long retryAfterNanos(BreakerState stay) {
    if (stay instanceof Open open) {
      return Math.max(0, cooldownNanos - (clock.nanoTime() - open.openedAtNanos));
    }
    return 0;
  }

  private boolean cooldownOver(Open open, long nowNanos) {
    return nowNanos - open.openedAtNanos >= cooldownNanos;
  }

  private void recordFailure(BreakerState stay, long durationNanos, Throwable failure) {
    if (isIgnored(failure)) {
      ignore(stay);
      return;
    }
    boolean counted;
    try {
      counted = failurePredicate.test(failure);
    } catch (RuntimeException e) {
      log.warn("circuit breaker '{}': failure predicate threw; counting a failure", name, e);
      counted = true;
    }
    record(stay, durationNanos, counted, failure);
  }

  private boolean isIgnored(Throwable failure) {
    try {
      return ignorePredicate.test(failure);
    } catch (RuntimeException e) {
      log.warn("circuit breaker '{}': ignore predicate threw; recording the outcome", name, e);
      return false;
    }
  }

  /**
   * The call permitted in {@code stay} never reached the dependency: nothing is recorded, and a
   * half-open probe permit goes back so that a real probe can run.
   */
  private void ignore(BreakerState stay) {
    if (stay == DISABLED) {
      return;
    }
    ignored.increment();
    if (stay instanceof HalfOpen halfOpen && state.get() == stay) {
      halfOpen.giveBack();
    }
  }

  private void recordResult(BreakerState stay, long durationNanos, Object result) {
    boolean counted;
    try {
      counted = resultFailurePredicate.test(result);
    } catch (RuntimeException e) {
      log.warn("circuit breaker '{}': result predicate threw; counting a success", name, e);
      counted = false;
    }
    record(stay, durationNanos, counted, null);
  }

  /**
   * Records one outcome of a call permitted in {@code stay}. It always reaches the metrics (unless
   * disabled) but moves the state machine only while {@code stay} is still the current one.
   */
  private void record(BreakerState stay, long durationNanos, boolean failure, Throwable cause) {
    if (stay == DISABLED) {
      return;
    }
    boolean slow = durationNanos >= slowNanos;
    boolean counted = failure || slow;
    if (counted) {
      failures.increment();
    } else {
      successes.increment();
    }
    if (slow) {
      slowCalls.increment();
    }
    if (!listeners.isEmpty()) {
      emitOutcome(durationNanos, counted, slow, failure ? cause : null);
    }
    if (state.get() != stay) {
      return; // permitted in an earlier stay: counted above, but it no longer judges the dependency
    }
    if (stay instanceof Closed closed) {
      long now = closed.counter.needsTime() ? clock.nanoTime() : 0;
      if (closed.counter.record(counted, now)) {
        transition(closed, new Open(clock.nanoTime()));
      }
    } else if (stay instanceof HalfOpen halfOpen) {
      if (halfOpen.completed.incrementAndGet() > halfOpen.issued.get()) {
        return; // more outcomes than probes: a stale one reported through the permission API
      }
      if (counted) {
        transition(halfOpen, new Open(clock.nanoTime()));
      } else if (halfOpen.succeeded.incrementAndGet() >= halfOpen.permits) {
        transition(halfOpen, newClosed());
      }
    }
  }

  private void emitOutcome(long durationNanos, boolean counted, boolean slow, Throwable cause) {
    Duration duration = Duration.ofNanos(Math.max(0, durationNanos));
    if (counted) {
      listeners.emit(new CircuitBreakerEvent.CallFailed(name, clock.now(), duration, cause, slow));
    } else {
      listeners.emit(new CircuitBreakerEvent.CallSucceeded(name, clock.now(), duration));
    }
  }

  private void transition(BreakerState from, BreakerState to) {
    if (state.compareAndSet(from, to)) {
      announce(from.kind, to.kind);
    }
  }

  private void manual(BreakerState to) {
    BreakerState from = state.getAndSet(to);
    if (from.kind != to.kind) {
      announce(from.kind, to.kind);
    }
  }

  private void announce(State from, State to) {
    // An opening makes calls fail fast: an operator wants to see it without enabling INFO.
    log.atLevel(to == State.OPEN || to == State.FORCED_OPEN ? Level.WARN : Level.INFO)
        .log("circuit breaker '{}' changed state {} -> {}", name, from, to);
    if (!listeners.isEmpty()) {
      listeners.emit(new CircuitBreakerEvent.StateTransition(name, clock.now(), from, to));
    }
  }

  private Closed newClosed() {
    FailureCounter counter =
        switch (config.mode()) {
          case CONSECUTIVE_FAILURES -> new ConsecutiveFailures(config.failureThreshold());
          case COUNT_WINDOW ->
              new CountWindow(
                  config.windowSize(), config.minimumCalls(), config.failureRateThreshold());
          case TIME_WINDOW ->
              new TimeWindow(
                  config.windowDuration().toNanos(),
                  config.minimumCalls(),
                  config.failureRateThreshold());
        };
    return new Closed(counter);
  }
}
