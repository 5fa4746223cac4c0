package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The success paths that must not allocate: a closed breaker in consecutive mode (permission style
 * and {@code call}) and a retry whose first attempt succeeds. Measured with the current thread's
 * allocation counter over many iterations after a warm-up; one allocation per call would be at
 * least 16 bytes × {@value #ITERATIONS}, far above the allowance that covers the measurement
 * itself.
 */
class HotPathAllocationTest {

  private static final int ITERATIONS = 200_000;
  private static final long ALLOWANCE_BYTES = 64 * 1024;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final Callable<String> OK = () -> "ok";

  private interface Loop {
    void run() throws Exception;
  }

  private static long allocatedBy(Loop loop) throws Exception {
    assumeTrue(
        THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
    for (int i = 0; i < 3; i++) {
      loop.run(); // warm-up: class loading, interpreter, JIT
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    loop.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void closedBreakerPermissionAndSuccessAllocateNothing() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("hot");
    long allocated =
        allocatedBy(
            () -> {
              for (int i = 0; i < ITERATIONS; i++) {
                if (!breaker.tryAcquirePermission()) {
                  throw new AssertionError("closed breaker refused");
                }
                breaker.onSuccess(1_000);
              }
            });
    assertThat(allocated).isLessThan(ALLOWANCE_BYTES);
    assertThat(breaker.metrics().successes()).isEqualTo(4L * ITERATIONS);
  }

  @Test
  void closedBreakerCallAllocatesNothing() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("hot");
    long allocated =
        allocatedBy(
            () -> {
              for (int i = 0; i < ITERATIONS; i++) {
                breaker.call(OK);
              }
            });
    assertThat(allocated).isLessThan(ALLOWANCE_BYTES);
  }

  @Test
  void firstAttemptSuccessOfARetryAllocatesNothing() throws Exception {
    Retry retry = Retry.builder("hot").budget(RetryBudget.ofDefaults()).build();
    long allocated =
        allocatedBy(
            () -> {
              for (int i = 0; i < ITERATIONS; i++) {
                retry.call(OK);
              }
            });
    assertThat(allocated).isLessThan(ALLOWANCE_BYTES);
    assertThat(retry.metrics().succeededWithoutRetry()).isEqualTo(4L * ITERATIONS);
  }

  @Test
  void tryAcquireOfAFastRateLimiterAllocatesNothing() throws Exception {
    // Fast enough for the per-thread stash: the common case reads neither the clock nor a shared
    // counter, and refilling a stash every few thousand calls allocates nothing either.
    RateLimiter limiter =
        RateLimiter.builder("hot")
            .capacity(1_000_000_000)
            .refill(1_000_000_000, Duration.ofSeconds(1))
            .build();
    long allocated =
        allocatedBy(
            () -> {
              for (int i = 0; i < ITERATIONS; i++) {
                if (!limiter.tryAcquire()) {
                  throw new AssertionError("a huge limiter refused");
                }
              }
            });
    assertThat(allocated).isLessThan(ALLOWANCE_BYTES);
    assertThat(limiter.metrics().acquired()).isEqualTo(4L * ITERATIONS);
  }

  @Test
  void tryAcquireOfAnExactRateLimiterAllocatesNothing() throws Exception {
    RateLimiter limiter = RateLimiter.perSecond("hot", 100);
    long allocated =
        allocatedBy(
            () -> {
              for (int i = 0; i < ITERATIONS; i++) {
                limiter.tryAcquire();
              }
            });
    assertThat(allocated).isLessThan(ALLOWANCE_BYTES);
  }

  @Test
  void aPipelineOfRetryBreakerAndLimiterAllocatesNothing() throws Exception {
    Pipeline pipeline =
        Pipeline.builder()
            .retry(Retry.builder("hot").maxAttempts(3).build())
            .circuitBreaker(CircuitBreaker.ofDefaults("hot"))
            .rateLimiter(
                RateLimiter.builder("hot")
                    .capacity(1_000_000_000)
                    .refill(1_000_000_000, Duration.ofSeconds(1))
                    .build())
            .build();
    long allocated =
        allocatedBy(
            () -> {
              for (int i = 0; i < ITERATIONS; i++) {
                pipeline.call(OK);
              }
            });
    assertThat(allocated).isLessThan(ALLOWANCE_BYTES);
    assertThat(pipeline.circuitBreaker().orElseThrow().metrics().successes())
        .isEqualTo(4L * ITERATIONS);
  }

  @Test
  void theMeasurementSeesAllocationsWhenThereAreSome() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("hot");
    // A listener makes every call build an event object; keeping it lets the event escape, so
    // escape analysis cannot remove the allocation.
    AtomicReference<CircuitBreakerEvent> last = new AtomicReference<>();
    breaker.onEvent(last::set);
    long allocated =
        allocatedBy(
            () -> {
              for (int i = 0; i < ITERATIONS; i++) {
                breaker.call(OK);
              }
            });
    assertThat(allocated).isGreaterThan(ALLOWANCE_BYTES);
    assertThat(last.get()).isInstanceOf(CircuitBreakerEvent.CallSucceeded.class);
  }
}
