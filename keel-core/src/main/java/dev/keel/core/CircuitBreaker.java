package dev.keel.core;

import dev.keel.core.internal.DefaultCircuitBreaker;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A circuit breaker: stops calling a dependency that keeps failing, lets it recover for a cooldown,
 * then probes it before letting traffic through again.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.builder("payments").consecutiveFailures(5).build();
 * Receipt receipt = breaker.call(() -> payments.charge(order)); // or callAsync(...), execute(...)
 * }</pre>
 *
 * <h2>States</h2>
 *
 * <ul>
 *   <li>{@link State#CLOSED}: calls run; outcomes are counted. In {@link
 *       CircuitBreakerConfig.Mode#CONSECUTIVE_FAILURES} mode {@code failureThreshold} failures in a
 *       row open the breaker [5]; in the window modes a failure rate of at least {@code
 *       failureRateThreshold} percent over the last {@code windowSize} calls or the last {@code
 *       windowDuration}, once at least {@code minimumCalls} calls were seen, opens it.
 *   <li>{@link State#OPEN}: calls fail fast with {@link CircuitBreakerOpenException}, whose {@link
 *       CircuitBreakerOpenException#retryAfter()} is the remaining cooldown [30 s]. The first
 *       permission request (or {@link #state()} query) after the cooldown moves to half-open.
 *   <li>{@link State#HALF_OPEN}: exactly {@code halfOpenPermits} probes run [1]; the others are
 *       rejected. When all probes succeed the breaker closes; any probe failure re-opens it.
 *   <li>{@link State#FORCED_OPEN} ({@link #forceOpen()}): rejects everything until {@link #reset()}
 *       or {@link #disable()}.
 *   <li>{@link State#DISABLED} ({@link #disable()}): lets everything through and records nothing.
 * </ul>
 *
 * <p>A slow call (duration at or above {@code slowCallThreshold}, when set) counts as a failure
 * even if it returned normally. Which exceptions and which results are failures is configurable; an
 * exception that is not a failure counts as a success (the dependency answered). Exceptions that
 * say the dependency was never called, by default the refusals of a local {@link RateLimiter} or
 * {@link Bulkhead} inside the breaker, are ignored: recorded neither way (see {@link
 * CircuitBreakerBuilder#ignoreOn}).
 *
 * <p>Outcomes are attributed to the state in which the call was permitted. Through {@link
 * #call(Callable)}, {@link #callAsync}, {@link #execute(Callable)} a call that was permitted in an
 * earlier state (say, closed) and ends after the breaker moved on (say, to half-open) is counted in
 * {@link #metrics()} but does not move the state machine. The permission-style methods ({@link
 * #tryAcquirePermission()} and {@code on*}) carry no token, so they attribute outcomes to the
 * current state; in half-open the breaker never counts more outcomes than it issued probes.
 *
 * <h2>Hot path</h2>
 *
 * <p>State is one {@code AtomicReference} swapped by compare-and-set; no locks, no {@code
 * synchronized}, nothing pins a virtual thread. In consecutive-failures mode the closed-state
 * success path ({@link #tryAcquirePermission()} then {@link #onSuccess(long)}, or {@link
 * #call(Callable)}) allocates nothing: no boxing, no capturing lambdas, no event objects unless a
 * listener is registered.
 *
 * <p>Instances are thread-safe. Configuration is immutable: to reconfigure, build a new breaker
 * from a new {@link CircuitBreakerConfig} (for example {@code
 * CircuitBreaker.of(old.config().toBuilder() .cooldown(d).buildConfig())}); the new breaker starts
 * closed.
 */
public interface CircuitBreaker extends Policy {

  /** A builder with the defaults of {@link CircuitBreakerConfig}. */
  static CircuitBreakerBuilder builder(String name) {
    return new CircuitBreakerBuilder(name);
  }

  /** A breaker with every default: 5 consecutive failures open it, 30 s cooldown, 1 probe. */
  static CircuitBreaker ofDefaults(String name) {
    return builder(name).build();
  }

  /** A new breaker, closed, with {@code config}. */
  static CircuitBreaker of(CircuitBreakerConfig config) {
    return new DefaultCircuitBreaker(config);
  }

  /** The name given at construction; used in exceptions, events and logs. */
  String name();

  /** The immutable configuration. */
  CircuitBreakerConfig config();

  /**
   * The current state. An {@link State#OPEN} breaker whose cooldown has passed moves to {@link
   * State#HALF_OPEN} here (emitting the transition event).
   */
  State state();

  /** Counters since construction and the failure rate of the current closed-state window. */
  Metrics metrics();

  /**
   * Asks to run one call. {@code true}: run it, then report its outcome with exactly one of {@link
   * #onSuccess(long)}, {@link #onFailure(long, Throwable)} or {@link #onResult(long, Object)}.
   * {@code false}: the breaker is open (the rejection is counted and a {@link
   * CircuitBreakerEvent.CallRejected} emitted); do not run it.
   *
   * <p>Never throws and never blocks.
   */
  boolean tryAcquirePermission();

  /**
   * Like {@link #tryAcquirePermission()} but throws when refused.
   *
   * @throws CircuitBreakerOpenException when the breaker is open, forced open, or half-open with
   *     every probe already out
   */
  void acquirePermission();

  /** Reports that a permitted call returned normally after {@code durationNanos}. */
  void onSuccess(long durationNanos);

  /**
   * Reports that a permitted call threw {@code failure} after {@code durationNanos}. Not recorded
   * when the configured ignore predicate accepts it (default: the local rejections {@link
   * RateLimitedException} and {@link BulkheadFullException}); otherwise counted as a failure when
   * the failure predicate accepts it (default: every throwable), else as a success.
   */
  void onFailure(long durationNanos, Throwable failure);

  /**
   * Reports that a permitted call returned {@code result} after {@code durationNanos}. Counted as a
   * failure when the configured result predicate accepts it (default: none does).
   */
  void onResult(long durationNanos, Object result);

  /**
   * Runs {@code call} under the breaker and never throws: a rejection, a failure and a success are
   * all values. (A {@link VirtualMachineError} is still rethrown.)
   */
  <T> Outcome<T> execute(Callable<T> call);

  /**
   * {@inheritDoc}
   *
   * @throws CircuitBreakerOpenException when the breaker refuses the call (it did not run)
   * @throws Exception the call's own exception, unchanged
   */
  @Override
  <T> T call(Callable<T> call) throws Exception;

  /** Moves to {@link State#FORCED_OPEN}: every call is rejected until {@link #reset()}. */
  void forceOpen();

  /**
   * Moves to {@link State#DISABLED}: every call runs, nothing is recorded, until {@link #reset()}.
   */
  void disable();

  /**
   * Moves to {@link State#CLOSED} with an empty failure count or window, from any state. The
   * cumulative {@link #metrics()} counters are kept (they only ever grow).
   */
  void reset();

  /**
   * Adds a listener for every event of this breaker. Listeners run on the thread that caused the
   * event, must be fast and must not block; an exception thrown by a listener is logged and
   * otherwise ignored.
   */
  void onEvent(Consumer<? super CircuitBreakerEvent> listener);

  /** The states of a breaker; see {@link CircuitBreaker}. */
  enum State {
    /** Calls run and outcomes are counted. */
    CLOSED,
    /** Calls are rejected until the cooldown has passed. */
    OPEN,
    /** A limited number of probes run; the rest are rejected. */
    HALF_OPEN,
    /** Every call is rejected until reset; set by an operator. */
    FORCED_OPEN,
    /** Every call runs and nothing is recorded; set by an operator. */
    DISABLED
  }

  /**
   * A snapshot of a breaker's counters. The counters are cumulative since construction (reset does
   * not clear them) and are not read atomically together.
   *
   * @param successes calls counted as successes
   * @param failures calls counted as failures, slow calls included
   * @param slowCalls calls at or above the slow-call threshold (also counted in {@code failures})
   * @param rejected calls refused by the breaker
   * @param ignored permitted calls whose outcome was ignored (see {@link
   *     CircuitBreakerBuilder#ignoreOn}): neither a success nor a failure
   * @param failureRate failure percentage in [0, 100] of the current closed-state window, or -1
   *     when not measured (consecutive mode, breaker not closed, or fewer than {@code minimumCalls}
   *     calls)
   */
  record Metrics(
      long successes,
      long failures,
      long slowCalls,
      long rejected,
      long ignored,
      double failureRate) {}
}
