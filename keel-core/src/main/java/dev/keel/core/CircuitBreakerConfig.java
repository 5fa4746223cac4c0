package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The immutable configuration of a {@link CircuitBreaker}; built and validated by {@link
 * CircuitBreakerBuilder#buildConfig()}. The canonical constructor validates too, so no invalid
 * config exists.
 *
 * <p>Defaults: mode {@link Mode#CONSECUTIVE_FAILURES}, failureThreshold 5, failureRateThreshold 50
 * %, windowSize 100 calls, windowDuration 60 s, minimumCalls 10, no slow-call threshold, cooldown
 * 30 s, halfOpenPermits 1, every throwable is a failure except the local rejections {@link
 * RateLimitedException} and {@link BulkheadFullException} (ignored), no result is a failure, the
 * system clock.
 *
 * @param name the breaker's name; not blank
 * @param mode how failures open the breaker
 * @param failureThreshold {@link Mode#CONSECUTIVE_FAILURES}: failures in a row that open it; >= 1
 * @param failureRateThreshold window modes: failure percentage that opens it; in (0, 100]
 * @param windowSize {@link Mode#COUNT_WINDOW}: how many of the latest calls the rate covers; >= 1
 * @param windowDuration {@link Mode#TIME_WINDOW}: how far back the rate looks; positive. The window
 *     slides in steps of a twentieth of its length.
 * @param minimumCalls window modes: calls needed in the window before the rate can open it; >= 1
 *     and, in {@link Mode#COUNT_WINDOW}, at most {@code windowSize}
 * @param slowCallThreshold calls lasting at least this long count as failures; empty: slowness is
 *     not judged
 * @param cooldown how long the breaker stays open before a probe; positive
 * @param halfOpenPermits probes let through in half-open; all must succeed to close; >= 1
 * @param failurePredicate which thrown exceptions are failures (others count as successes)
 * @param ignorePredicate which thrown exceptions are not recorded at all, neither as failures nor
 *     as successes, because the dependency was never called (a local rate limiter or bulkhead
 *     refused the call); checked before {@code failurePredicate}. In half-open an ignored outcome
 *     gives its probe permit back.
 * @param resultFailurePredicate which returned results are failures
 * @param clock the source of time for cooldowns, durations and windows
 */
public record CircuitBreakerConfig(
    String name,
    Mode mode,
    int failureThreshold,
    double failureRateThreshold,
    int windowSize,
    Duration windowDuration,
    int minimumCalls,
    Optional<Duration> slowCallThreshold,
    Duration cooldown,
    int halfOpenPermits,
    Predicate<Throwable> failurePredicate,
    Predicate<Throwable> ignorePredicate,
    Predicate<Object> resultFailurePredicate,
    KeelClock clock) {

  /** Default {@link #failureThreshold()}: 5 consecutive failures. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;

  /** Default {@link #failureRateThreshold()}: 50 %. */
  public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 50.0;

  /** Default {@link #windowSize()}: 100 calls. */
  public static final int DEFAULT_WINDOW_SIZE = 100;

  /** Default {@link #windowDuration()}: 60 s. */
  public static final Duration DEFAULT_WINDOW_DURATION = Duration.ofSeconds(60);

  /** Default {@link #minimumCalls()}: 10. */
  public static final int DEFAULT_MINIMUM_CALLS = 10;

  /** Default {@link #cooldown()}: 30 s. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

  /** Default {@link #halfOpenPermits()}: 1 probe. */
  public static final int DEFAULT_HALF_OPEN_PERMITS = 1;

  /**
   * Default {@link #ignorePredicate()}: the refusals of a local {@link RateLimiter} or {@link
   * Bulkhead}. In a {@link Pipeline} they sit inside the breaker; they say the caller is over its
   * own capacity, not that the dependency failed, so they must neither open the breaker nor count
   * as a success (which would close a half-open breaker without a real probe).
   */
  public static final Predicate<Throwable> LOCAL_REJECTIONS =
      t -> t instanceof RateLimitedException || t instanceof BulkheadFullException;

  /** How a closed breaker decides to open. */
  public enum Mode {
    /** {@code failureThreshold} failures in a row open the breaker (a success resets the count). */
    CONSECUTIVE_FAILURES,
    /** The failure rate over the last {@code windowSize} calls. */
    COUNT_WINDOW,
    /** The failure rate over the last {@code windowDuration}. */
    TIME_WINDOW
  }

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field and the bad value
   * @throws NullPointerException naming the missing field
   */
  public CircuitBreakerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(windowDuration, "windowDuration");
    Objects.requireNonNull(slowCallThreshold, "slowCallThreshold");
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(failurePredicate, "failurePredicate");
    Objects.requireNonNull(ignorePredicate, "ignorePredicate");
    Objects.requireNonNull(resultFailurePredicate, "resultFailurePredicate");
    Objects.requireNonNull(clock, "clock");
    Checks.notBlank("name", name);
    Checks.atLeastOne("failureThreshold", failureThreshold);
    if (!(failureRateThreshold > 0.0 && failureRateThreshold <= 100.0)) {
      throw new IllegalArgumentException(
          "failureRateThreshold must be a percentage in (0, 100], was " + failureRateThreshold);
    }
    Checks.atLeastOne("windowSize", windowSize);
    Checks.positive("windowDuration", windowDuration);
    Checks.atLeastOne("minimumCalls", minimumCalls);
    if (mode == Mode.COUNT_WINDOW && minimumCalls > windowSize) {
      throw new IllegalArgumentException(
          "minimumCalls must not exceed windowSize ("
              + windowSize
              + ") in COUNT_WINDOW mode, was "
              + minimumCalls
              + "; the breaker could never open");
    }
    slowCallThreshold.ifPresent(d -> Checks.positive("slowCallThreshold", d));
    Checks.positive("cooldown", cooldown);
    Checks.atLeastOne("halfOpenPermits", halfOpenPermits);
  }

  /** A builder holding this configuration, to derive a changed one. */
  public CircuitBreakerBuilder toBuilder() {
    return new CircuitBreakerBuilder(this);
  }
}
