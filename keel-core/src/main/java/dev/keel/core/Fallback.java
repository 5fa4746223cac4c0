package dev.keel.core;

import dev.keel.core.internal.DefaultFallback;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Turns a failure into a result: a fixed value, a function of the failure, or the last good result
 * (a stale-if-error cache with a staleness bound).
 *
 * <p>When the call fails with a failure the {@link FallbackConfig#handles() handles} predicate
 * accepts [default: any {@link Exception} but {@link InterruptedException}, so also {@code
 * CircuitBreakerOpenException}, {@link RateLimitedException}, {@link BulkheadFullException} and
 * {@link TimeoutExceededException}]:
 *
 * <ol>
 *   <li>with {@code lastGood(maxStaleness)}: the last successful result of this fallback's call, if
 *       it is at most {@code maxStaleness} old (measured on the configured clock), is returned
 *       ({@link FallbackEvent.FallbackUsed} with {@code stale = true});
 *   <li>otherwise, with a value or a function: its result is returned ({@code stale = false}); a
 *       function that throws ends in {@link FallbackFailedException};
 *   <li>otherwise the original failure is rethrown unchanged ({@link
 *       FallbackEvent.FallbackUnavailable}).
 * </ol>
 *
 * <p>Failures the predicate rejects, and every {@link Error} by default, pass through untouched.
 *
 * <p>Typing: {@link Policy#call} is generic per call, so the fallback value is cast to the call's
 * result type; use one {@code Fallback<R>} per call site whose calls return {@code R}. The
 * last-good slot is per instance for the same reason: one call site, one cache.
 *
 * <p>Thread-safe.
 *
 * @param <R> the result type of the protected calls
 */
public interface Fallback<R> extends Policy {

  /** The default name of the shortcuts {@link #of}, {@link #ofFunction} and {@link #lastGood}. */
  String DEFAULT_NAME = "fallback";

  /** A builder for a fallback named {@code name} (used in exceptions and events). */
  static <R> FallbackBuilder<R> builder(String name) {
    return new FallbackBuilder<>(name);
  }

  /** Falls back to {@code value} (which may be {@code null}). */
  static <R> Fallback<R> of(R value) {
    return Fallback.<R>builder(DEFAULT_NAME).value(value).build();
  }

  /** Falls back to what {@code function} makes of the failure. */
  static <R> Fallback<R> ofFunction(FallbackFunction<? extends R> function) {
    return Fallback.<R>builder(DEFAULT_NAME).function(function).build();
  }

  /**
   * Falls back to the last successful result if it is at most {@code maxStaleness} old; rethrows
   * the failure otherwise.
   *
   * @throws IllegalArgumentException if {@code maxStaleness} is not positive
   */
  static <R> Fallback<R> lastGood(Duration maxStaleness) {
    return Fallback.<R>builder(DEFAULT_NAME).lastGood(maxStaleness).build();
  }

  /** A fallback with the given configuration. */
  static <R> Fallback<R> of(FallbackConfig<R> config) {
    return new DefaultFallback<>(config);
  }

  /** The configuration this fallback was built with. */
  FallbackConfig<R> config();

  /** The name given at construction; used in exceptions and events. */
  default String name() {
    return config().name();
  }

  /**
   * Adds a listener for this fallback's events, delivered on the thread that saw the failure. A
   * listener that throws is logged and ignored.
   *
   * @return this fallback
   */
  Fallback<R> onEvent(Consumer<? super FallbackEvent> listener);
}
