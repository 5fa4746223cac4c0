package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown instead of running a call when a {@link CircuitBreaker} refuses it: the breaker is open,
 * forced open, or half-open with every probe already out. The call did not run.
 *
 * <p>Carries the breaker's name, its state and a retry-after hint: for {@link
 * CircuitBreaker.State#OPEN} the remaining cooldown; {@link Duration#ZERO} when no schedule is
 * known (half-open, forced open). {@link Retry} honours the hint through {@link RetryAfterHint}.
 *
 * <p>For speed on the fail-fast path it has no stack trace: where it was thrown says nothing the
 * breaker's name does not. Immutable.
 */
public final class CircuitBreakerOpenException extends RuntimeException implements RetryAfterHint {

  private static final long serialVersionUID = 1L;

  private final String breakerName;
  private final CircuitBreaker.State state;
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param breakerName the refusing breaker's name
   * @param state the breaker's state when it refused
   * @param retryAfter the remaining cooldown, {@link Duration#ZERO} when unknown; not negative
   */
  public CircuitBreakerOpenException(
      String breakerName, CircuitBreaker.State state, Duration retryAfter) {
    super(message(breakerName, state, retryAfter), null, true, false);
    this.breakerName = breakerName;
    this.state = state;
    this.retryAfter = retryAfter;
  }

  private static String message(String name, CircuitBreaker.State state, Duration retryAfter) {
    Objects.requireNonNull(name, "breakerName");
    Objects.requireNonNull(state, "state");
    Checks.notNegative("retryAfter", retryAfter);
    String base = "circuit breaker '" + name + "' is " + state + "; call not permitted";
    return retryAfter.isZero() ? base : base + ", retry after " + retryAfter;
  }

  /** The name of the breaker that refused the call. */
  public String breakerName() {
    return breakerName;
  }

  /** The breaker's state when it refused the call. */
  public CircuitBreaker.State state() {
    return state;
  }

  /** The remaining cooldown; {@link Duration#ZERO} when the breaker cannot tell. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The remaining cooldown when known (state {@link CircuitBreaker.State#OPEN}), else empty. */
  @Override
  public Optional<Duration> retryAfterHint() {
    return state == CircuitBreaker.State.OPEN ? Optional.of(retryAfter) : Optional.empty();
  }
}
