package dev.keel.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Builds a {@link CircuitBreaker}. Setters only record values; {@link #build()} and {@link
 * #buildConfig()} validate them all and fail with {@link IllegalArgumentException} naming the field
 * and the value. Defaults are those of {@link CircuitBreakerConfig}.
 *
 * <p>The mode is chosen by the last of {@link #consecutiveFailures(int)}, {@link
 * #slidingCountWindow(int)} and {@link #slidingTimeWindow(Duration)} called.
 *
 * <p>Not thread-safe; the breakers it builds are.
 */
public final class CircuitBreakerBuilder {

  private static final Predicate<Throwable> EVERY_THROWABLE = t -> true;
  private static final Predicate<Object> NO_RESULT = r -> false;

  private final String name;
  private CircuitBreakerConfig.Mode mode = CircuitBreakerConfig.Mode.CONSECUTIVE_FAILURES;
  private int failureThreshold = CircuitBreakerConfig.DEFAULT_FAILURE_THRESHOLD;
  private double failureRateThreshold = CircuitBreakerConfig.DEFAULT_FAILURE_RATE_THRESHOLD;
  private int windowSize = CircuitBreakerConfig.DEFAULT_WINDOW_SIZE;
  private Duration windowDuration = CircuitBreakerConfig.DEFAULT_WINDOW_DURATION;
  private int minimumCalls = CircuitBreakerConfig.DEFAULT_MINIMUM_CALLS;
  private Optional<Duration> slowCallThreshold = Optional.empty();
  private Duration cooldown = CircuitBreakerConfig.DEFAULT_COOLDOWN;
  private int halfOpenPermits = CircuitBreakerConfig.DEFAULT_HALF_OPEN_PERMITS;
  private Predicate<Throwable> failurePredicate = EVERY_THROWABLE;
  private Predicate<Throwable> ignorePredicate = CircuitBreakerConfig.LOCAL_REJECTIONS;
  private Predicate<Object> resultFailurePredicate = NO_RESULT;
  private KeelClock clock = KeelClock.system();

  CircuitBreakerBuilder(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  CircuitBreakerBuilder(CircuitBreakerConfig config) {
    this.name = config.name();
    this.mode = config.mode();
    this.failureThreshold = config.failureThreshold();
    this.failureRateThreshold = config.failureRateThreshold();
    this.windowSize = config.windowSize();
    this.windowDuration = config.windowDuration();
    this.minimumCalls = config.minimumCalls();
    this.slowCallThreshold = config.slowCallThreshold();
    this.cooldown = config.cooldown();
    this.halfOpenPermits = config.halfOpenPermits();
    this.failurePredicate = config.failurePredicate();
    this.ignorePredicate = config.ignorePredicate();
    this.resultFailurePredicate = config.resultFailurePredicate();
    this.clock = config.clock();
  }

  /** Consecutive-failures mode: {@code threshold} failures in a row open the breaker [5]. */
  public CircuitBreakerBuilder consecutiveFailures(int threshold) {
    this.mode = CircuitBreakerConfig.Mode.CONSECUTIVE_FAILURES;
    this.failureThreshold = threshold;
    return this;
  }

  /** Failure-rate mode over the last {@code calls} calls [100]. */
  public CircuitBreakerBuilder slidingCountWindow(int calls) {
    this.mode = CircuitBreakerConfig.Mode.COUNT_WINDOW;
    this.windowSize = calls;
    return this;
  }

  /** Failure-rate mode over the last {@code window} of time [60 s]. */
  public CircuitBreakerBuilder slidingTimeWindow(Duration window) {
    this.mode = CircuitBreakerConfig.Mode.TIME_WINDOW;
    this.windowDuration = Objects.requireNonNull(window, "windowDuration");
    return this;
  }

  /** In the window modes, the failure percentage in (0, 100] that opens the breaker [50]. */
  public CircuitBreakerBuilder failureRateThreshold(double percent) {
    this.failureRateThreshold = percent;
    return this;
  }

  /** In the window modes, calls needed in the window before the rate is judged [10]. */
  public CircuitBreakerBuilder minimumCalls(int calls) {
    this.minimumCalls = calls;
    return this;
  }

  /** Calls lasting at least {@code threshold} count as failures [not set: slowness not judged]. */
  public CircuitBreakerBuilder slowCallThreshold(Duration threshold) {
    this.slowCallThreshold = Optional.of(Objects.requireNonNull(threshold, "slowCallThreshold"));
    return this;
  }

  /** How long the breaker stays open before letting probes through [30 s]. */
  public CircuitBreakerBuilder cooldown(Duration cooldown) {
    this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
    return this;
  }

  /** Probes let through in half-open; all must succeed to close [1]. */
  public CircuitBreakerBuilder halfOpenPermits(int permits) {
    this.halfOpenPermits = permits;
    return this;
  }

  /** Which thrown exceptions count as failures [every throwable]; the others count as successes. */
  public CircuitBreakerBuilder failOn(Predicate<? super Throwable> predicate) {
    Objects.requireNonNull(predicate, "failurePredicate");
    this.failurePredicate = predicate::test;
    return this;
  }

  /**
   * Which thrown exceptions are not recorded at all [{@link CircuitBreakerConfig#LOCAL_REJECTIONS}:
   * {@link RateLimitedException} and {@link BulkheadFullException}]: the dependency was never
   * called, so they are neither failures nor successes. Checked before {@link #failOn}. Pass {@code
   * t -> false} to record everything.
   */
  public CircuitBreakerBuilder ignoreOn(Predicate<? super Throwable> predicate) {
    Objects.requireNonNull(predicate, "ignorePredicate");
    this.ignorePredicate = predicate::test;
    return this;
  }

  /** Which returned results count as failures [none]. */
  public CircuitBreakerBuilder failOnResult(Predicate<Object> predicate) {
    this.resultFailurePredicate = Objects.requireNonNull(predicate, "resultFailurePredicate");
    return this;
  }

  /** The clock for cooldowns, durations and windows [{@link KeelClock#system()}]. */
  public CircuitBreakerBuilder clock(KeelClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The validated configuration.
   *
   * @throws IllegalArgumentException naming the bad field and its value
   */
  public CircuitBreakerConfig buildConfig() {
    return new CircuitBreakerConfig(
        name,
        mode,
        failureThreshold,
        failureRateThreshold,
        windowSize,
        windowDuration,
        minimumCalls,
        slowCallThreshold,
        cooldown,
        halfOpenPermits,
        failurePredicate,
        ignorePredicate,
        resultFailurePredicate,
        clock);
  }

  /**
   * A new closed breaker with the validated configuration.
   *
   * @throws IllegalArgumentException naming the bad field and its value
   */
  public CircuitBreaker build() {
    return CircuitBreaker.of(buildConfig());
  }
}
