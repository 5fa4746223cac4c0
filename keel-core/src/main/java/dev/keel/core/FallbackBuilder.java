package dev.keel.core;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds a {@link Fallback}. Not thread-safe; {@link #build()} takes an immutable snapshot.
 *
 * <p>Defaults: one of {@link #value}, {@link #function} or {@link #lastGood} must be given ({@code
 * lastGood} combines with either of the others, which replace each other); handles any {@link
 * Exception} but {@link InterruptedException}; the system clock.
 *
 * @param <R> the result type of the protected calls
 */
public final class FallbackBuilder<R> {

  private final String name;
  private FallbackFunction<? extends R> function;
  private Duration maxStaleness;
  private Predicate<? super Throwable> handles = FallbackConfig.DEFAULT_HANDLES;
  private KeelClock clock = KeelClock.system();

  FallbackBuilder(String name) {
    this.name = name;
  }

  /** Falls back to {@code value}, which may be {@code null}. Replaces {@link #function}. */
  public FallbackBuilder<R> value(R value) {
    this.function = failure -> value;
    return this;
  }

  /** Falls back to what {@code function} makes of the failure. Replaces {@link #value}. */
  public FallbackBuilder<R> function(FallbackFunction<? extends R> function) {
    this.function = Objects.requireNonNull(function, "function");
    return this;
  }

  /**
   * Remembers the last successful result and serves it on failure while it is at most {@code
   * maxStaleness} old, before trying a value or function.
   */
  public FallbackBuilder<R> lastGood(Duration maxStaleness) {
    this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
    return this;
  }

  /**
   * Which failures fall back [default: any {@link Exception} but {@link InterruptedException}]; the
   * rest are rethrown untouched.
   */
  public FallbackBuilder<R> handles(Predicate<? super Throwable> handles) {
    this.handles = Objects.requireNonNull(handles, "handles");
    return this;
  }

  /** The clock that ages last-good results [default {@link KeelClock#system()}]. */
  public FallbackBuilder<R> clock(KeelClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The validated configuration. */
  public FallbackConfig<R> buildConfig() {
    return new FallbackConfig<>(name, function, maxStaleness, handles, clock);
  }

  /**
   * A new fallback.
   *
   * @throws IllegalArgumentException naming the setting when a value is missing or out of range
   */
  public Fallback<R> build() {
    return Fallback.of(buildConfig());
  }
}
