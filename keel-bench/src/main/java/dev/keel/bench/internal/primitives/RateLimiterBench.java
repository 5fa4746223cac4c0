package dev.keel.bench.internal.primitives;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A non-blocking permit check on a token bucket so large it never runs out ({@link Workload#HUGE}
 * tokens, refilled at that rate per second), then the operation. Every library is asked in its
 * non-waiting form.
 */
@State(Scope.Benchmark)
public class RateLimiterBench {

  private Workload work;
  private io.github.resilience4j.ratelimiter.RateLimiter r4j;
  private dev.failsafe.RateLimiter<Integer> failsafe;
  private Bucket bucket4j;
  private dev.keel.core.RateLimiter keel;

  /** Builds one limiter per library, shared by all benchmark threads. */
  @Setup
  public void setUp() {
    work = new Workload();
    r4j =
        io.github.resilience4j.ratelimiter.RateLimiter.of(
            "bench",
            io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
                .limitForPeriod(Workload.HUGE)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    failsafe =
        dev.failsafe.RateLimiter.<Integer>burstyBuilder(Workload.HUGE, Duration.ofSeconds(1))
            .build();
    bucket4j =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(Workload.HUGE)
                    .refillGreedy(Workload.HUGE, Duration.ofSeconds(1))
                    .build())
            .build();
    keel =
        dev.keel.core.RateLimiter.builder("bench")
            .capacity(Workload.HUGE)
            .refill(Workload.HUGE, Duration.ofSeconds(1))
            .build();
  }

  /** Keel's token bucket, {@code tryAcquire()}. */
  @Benchmark
  public Integer keel() {
    return keel.tryAcquire() ? work.direct() : null;
  }

  /** Resilience4j {@code AtomicRateLimiter.acquirePermission()} with a zero timeout. */
  @Benchmark
  public Integer resilience4j() {
    return r4j.acquirePermission() ? work.direct() : null;
  }

  /** Failsafe's bursty limiter, {@code tryAcquirePermit()}. */
  @Benchmark
  public Integer failsafe() {
    return failsafe.tryAcquirePermit() ? work.direct() : null;
  }

  /** Bucket4j's local lock-free bucket, {@code tryConsume(1)}. */
  @Benchmark
  public Integer bucket4j() {
    return bucket4j.tryConsume(1) ? work.direct() : null;
  }
}
