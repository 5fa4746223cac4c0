package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The immutable configuration of a {@link Retry}; built and validated by {@link
 * RetryBuilder#buildConfig()}. The canonical constructor validates too, so no invalid config
 * exists.
 *
 * <p>Defaults: maxAttempts 5 (in total, the first attempt included), {@link Backoff#DEFAULT} (base
 * 5 s, max 5 min, ±25 % jitter), maxRetryAfter equal to the backoff's max, retry on every {@link
 * Exception}, retry on no result, no budget ({@link RetryBudget#unlimited()}), sleeping with {@link
 * Sleeper#system()}, Keel's shared timer for the asynchronous form (later attempts start on new
 * virtual threads), and a thread-local random source for jitter.
 *
 * @param name the retry's name; not blank
 * @param maxAttempts attempts in total, the first one included; at least 1 (1 means never retry)
 * @param backoff the delay between attempts
 * @param maxRetryAfter the longest {@link RetryAfterHint} honoured; longer hints are cut to it; not
 *     negative (zero ignores hints)
 * @param retryOn which exceptions are retried ({@link Error}s and {@link InterruptedException}
 *     never are)
 * @param retryOnResult which results are retried
 * @param budget shared cap on retries
 * @param sleeper how {@link Retry#call} waits between attempts
 * @param scheduler where {@link Retry#callAsync} schedules later attempts; not shut down by Keel
 * @param random the source of jitter
 */
public record RetryConfig(
    String name,
    int maxAttempts,
    Backoff backoff,
    Duration maxRetryAfter,
    Predicate<Throwable> retryOn,
    Predicate<Object> retryOnResult,
    RetryBudget budget,
    Sleeper sleeper,
    ScheduledExecutorService scheduler,
    RandomGenerator random) {

  /** Default {@link #maxAttempts()}: 5 attempts in total. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field and the bad value
   * @throws NullPointerException naming the missing field
   */
  public RetryConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    Objects.requireNonNull(retryOn, "retryOn");
    Objects.requireNonNull(retryOnResult, "retryOnResult");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(random, "random");
    Checks.notBlank("name", name);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "maxAttempts must be at least 1 (attempts in total, the first included), was "
              + maxAttempts);
    }
    Checks.notNegative("maxRetryAfter", maxRetryAfter);
  }

  /** A builder holding this configuration, to derive a changed one. */
  public RetryBuilder toBuilder() {
    return new RetryBuilder(this);
  }
}
