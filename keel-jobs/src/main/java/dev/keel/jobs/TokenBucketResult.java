package dev.keel.jobs;

import java.time.Duration;

/**
 * The outcome of taking from a {@link TokenBucketParams token bucket}.
 *
 * @param granted tokens taken (0 when refused)
 * @param retryAfter when refused: how long until the tokens wanted are there; else zero
 */
public record TokenBucketResult(int granted, Duration retryAfter) {}
