package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The counters of the rate limiter and the bulkhead, names, and finding retry-after hints. */
class PolicyMetricsTest {

  @Test
  void theRateLimiterCountsGrantsRefusalsAndWaits() throws Exception {
    ManualClock clock = new ManualClock();
    RateLimiter limiter =
        RateLimiter.builder("api")
            .capacity(1)
            .refill(1, Duration.ofSeconds(1))
            .maxWait(Duration.ofSeconds(2))
            .clock(clock)
            .sleeper(Sleeper.advancing(clock))
            .build();

    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(limiter.call(() -> "waited")).isEqualTo("waited"); // waits 1 s for the next token
    assertThat(limiter.acquire(1, Duration.ZERO)).isFalse();

    assertThat(limiter.metrics())
        .isEqualTo(new RateLimiter.Metrics(2, 2, 1, Duration.ofSeconds(1).toNanos()));
    assertThat(limiter.name()).isEqualTo("api");
  }

  @Test
  void theBulkheadCountsPermitsAndRefusals() throws Exception {
    Bulkhead bulkhead = Bulkhead.builder("db").maxConcurrent(1).build();
    CompletableFuture<String> holder = new CompletableFuture<>();
    bulkhead.callAsync(() -> holder);
    assertThatThrownBy(() -> bulkhead.call(() -> "refused"))
        .isInstanceOf(BulkheadFullException.class);
    holder.complete("done");
    assertThat(bulkhead.call(() -> "ok")).isEqualTo("ok");

    assertThat(bulkhead.metrics()).isEqualTo(new Bulkhead.Metrics(2, 1));
    assertThat(bulkhead.name()).isEqualTo("db");
  }

  @Test
  void everyPolicyHasItsName() {
    assertThat(Timeout.builder("t").timeout(Duration.ofSeconds(1)).build().name()).isEqualTo("t");
    assertThat(Fallback.builder("f").value("v").build().name()).isEqualTo("f");
    assertThat(FaultInjection.builder("chaos").build().name()).isEqualTo("chaos");
  }

  @Test
  void aRetryAfterHintIsFoundOnTheFailureOrItsCauses() {
    RateLimitedException limited = new RateLimitedException("l", Duration.ofSeconds(3));
    assertThat(RetryAfterHint.find(limited)).contains(Duration.ofSeconds(3));
    assertThat(RetryAfterHint.find(new IOException("wrapped", limited)))
        .contains(Duration.ofSeconds(3));
    CircuitBreakerOpenException halfOpen =
        new CircuitBreakerOpenException("b", CircuitBreaker.State.HALF_OPEN, Duration.ZERO);
    assertThat(RetryAfterHint.find(new IOException(halfOpen))).isEqualTo(Optional.empty());
    assertThat(RetryAfterHint.find(null)).isEmpty();
  }
}
