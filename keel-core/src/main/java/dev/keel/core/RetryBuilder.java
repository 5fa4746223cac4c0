package dev.keel.core;

import dev.keel.core.internal.ThreadLocalRandomSource;
import dev.keel.core.internal.Timers;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link Retry}. Setters only record values; {@link #build()} and {@link #buildConfig()}
 * validate them all and fail with {@link IllegalArgumentException} naming the field and the value
 * (for example {@code max must be at least base}). Defaults are those of {@link RetryConfig}.
 *
 * <p>Not thread-safe; the retries it builds are.
 */
public final class RetryBuilder {

  private static final Predicate<Throwable> EVERY_EXCEPTION = t -> t instanceof Exception;
  private static final Predicate<Object> NO_RESULT = r -> false;

  private final String name;
  private int maxAttempts = RetryConfig.DEFAULT_MAX_ATTEMPTS;
  private Duration base = Backoff.DEFAULT.base();
  private Duration max = Backoff.DEFAULT.max();
  private Jitter jitter = Backoff.DEFAULT.jitter();
  private double jitterFactor = Backoff.DEFAULT.jitterFactor();

  /** {@code null} until set: then it follows the backoff's max. */
  private Duration maxRetryAfter;

  private Predicate<Throwable> retryOn = EVERY_EXCEPTION;
  private Predicate<Object> retryOnResult = NO_RESULT;
  private RetryBudget budget = RetryBudget.unlimited();
  private Sleeper sleeper = Sleeper.system();

  /** {@code null} until set: then the shared scheduler, created on first use. */
  private ScheduledExecutorService scheduler;

  private RandomGenerator random = ThreadLocalRandomSource.INSTANCE;

  RetryBuilder(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  RetryBuilder(RetryConfig config) {
    this.name = config.name();
    this.maxAttempts = config.maxAttempts();
    backoff(config.backoff());
    // A cap equal to the backoff's max is the default: keep following the max if it changes.
    this.maxRetryAfter =
        config.maxRetryAfter().equals(config.backoff().max()) ? null : config.maxRetryAfter();
    this.retryOn = config.retryOn();
    this.retryOnResult = config.retryOnResult();
    this.budget = config.budget();
    this.sleeper = config.sleeper();
    this.scheduler = config.scheduler();
    this.random = config.random();
  }

  /** Attempts in total, the first one included [5]; 1 means never retry. */
  public RetryBuilder maxAttempts(int attempts) {
    this.maxAttempts = attempts;
    return this;
  }

  /** Base and max of the backoff [5 s, 5 min]; max must be at least base. */
  public RetryBuilder backoff(Duration base, Duration max) {
    this.base = Objects.requireNonNull(base, "base");
    this.max = Objects.requireNonNull(max, "max");
    return this;
  }

  /** Every backoff setting at once [{@link Backoff#DEFAULT}]. */
  public RetryBuilder backoff(Backoff backoff) {
    Objects.requireNonNull(backoff, "backoff");
    this.base = backoff.base();
    this.max = backoff.max();
    this.jitter = backoff.jitter();
    this.jitterFactor = backoff.jitterFactor();
    return this;
  }

  /** How delays are randomised [{@link Jitter#PROPORTIONAL}]. */
  public RetryBuilder jitter(Jitter jitter) {
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    return this;
  }

  /** The spread of {@link Jitter#PROPORTIONAL} jitter, in [0, 1] [0.25]. */
  public RetryBuilder jitterFactor(double factor) {
    this.jitterFactor = factor;
    return this;
  }

  /** The longest retry-after hint honoured [the backoff's max]; zero ignores hints. */
  public RetryBuilder maxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    return this;
  }

  /** Which exceptions are retried [every {@link Exception}]. */
  public RetryBuilder retryOn(Predicate<? super Throwable> predicate) {
    Objects.requireNonNull(predicate, "retryOn");
    this.retryOn = predicate::test;
    return this;
  }

  /** Which results are retried [none]; when attempts run out the last result is returned. */
  public RetryBuilder retryOnResult(Predicate<Object> predicate) {
    this.retryOnResult = Objects.requireNonNull(predicate, "retryOnResult");
    return this;
  }

  /** A budget shared with other retries [none: {@link RetryBudget#unlimited()}]. */
  public RetryBuilder budget(RetryBudget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
    return this;
  }

  /** How the blocking form waits [{@link Sleeper#system()}]. */
  public RetryBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /**
   * Where the asynchronous form schedules later attempts [Keel's shared timer, which starts each
   * later attempt on a new virtual thread]. A scheduler of your own runs the supplier on its own
   * thread; Keel never shuts it down.
   */
  public RetryBuilder scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /** The source of jitter [a thread-local random]; inject a seeded one for reproducible delays. */
  public RetryBuilder random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /**
   * The validated configuration.
   *
   * @throws IllegalArgumentException naming the bad field and its value
   */
  public RetryConfig buildConfig() {
    Backoff backoff = new Backoff(base, max, jitter, jitterFactor);
    return new RetryConfig(
        name,
        maxAttempts,
        backoff,
        maxRetryAfter == null ? backoff.max() : maxRetryAfter,
        retryOn,
        retryOnResult,
        budget,
        sleeper,
        scheduler == null ? Timers.shared() : scheduler,
        random);
  }

  /**
   * A new retry with the validated configuration.
   *
   * @throws IllegalArgumentException naming the bad field and its value
   */
  public Retry build() {
    return Retry.of(buildConfig());
  }
}
