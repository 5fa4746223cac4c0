package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Micrometer binder against a {@link SimpleMeterRegistry}. */
class KeelMicrometerTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock();

  private RequiredSearch meter(String name, String policy, String... tags) {
    return meters.get(name).tag(KeelMicrometer.TAG_NAME, policy).tags(tags);
  }

  private double calls(String meter, String policy, String outcome) {
    return meter(meter, policy, KeelMicrometer.TAG_OUTCOME, outcome).functionCounter().count();
  }

  private double state(String breaker, String state) {
    return meter(KeelMicrometer.BREAKER_STATE, breaker, KeelMicrometer.TAG_STATE, state)
        .gauge()
        .value();
  }

  private static String fail() throws IOException {
    throw new IOException("down");
  }

  @Test
  void aBreakersStateAndCallsByOutcome() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.builder("payments").consecutiveFailures(2).clock(clock).build();
    KeelMicrometer.bind(meters, breaker);
    assertThat(state("payments", "closed")).isEqualTo(1);
    assertThat(state("payments", "open")).isZero();

    breaker.call(() -> "ok");
    assertThatThrownBy(
        () ->
            breaker.call(
                () -> {
                  throw new BulkheadFullException("b", 1, Duration.ZERO);
                }));
    assertThatThrownBy(() -> breaker.call(() -> fail()));
    assertThatThrownBy(() -> breaker.call(() -> fail()));
    assertThatThrownBy(() -> breaker.call(() -> "rejected"))
        .isInstanceOf(CircuitBreakerOpenException.class);

    assertThat(calls(KeelMicrometer.BREAKER_CALLS, "payments", "success")).isEqualTo(1);
    assertThat(calls(KeelMicrometer.BREAKER_CALLS, "payments", "failure")).isEqualTo(2);
    assertThat(calls(KeelMicrometer.BREAKER_CALLS, "payments", "rejected")).isEqualTo(1);
    assertThat(calls(KeelMicrometer.BREAKER_CALLS, "payments", "ignored")).isEqualTo(1);
    assertThat(meter(KeelMicrometer.BREAKER_SLOW_CALLS, "payments").functionCounter().count())
        .isZero();
    assertThat(state("payments", "open")).isEqualTo(1);
    assertThat(state("payments", "closed")).isZero();
    assertThat(meter(KeelMicrometer.BREAKER_FAILURE_RATE, "payments").gauge().value()).isNaN();
    assertThat(meter(KeelMicrometer.BREAKER_CALLS, "payments").meters())
        .allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
  }

  @Test
  void aRetrysCallsRetriesAndBudget() throws Exception {
    Retry retry =
        Retry.builder("inventory")
            .maxAttempts(3)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
            .sleeper(Sleeper.advancing(clock))
            .build();
    KeelMicrometer.bind(meters, retry);
    int[] attempts = {0};

    retry.call(() -> "first time");
    retry.call(() -> ++attempts[0] < 2 ? fail() : "second time");
    assertThatThrownBy(() -> retry.call(() -> fail()));

    assertThat(calls(KeelMicrometer.RETRY_CALLS, "inventory", "succeeded_without_retry"))
        .isEqualTo(1);
    assertThat(calls(KeelMicrometer.RETRY_CALLS, "inventory", "succeeded_after_retry"))
        .isEqualTo(1);
    assertThat(calls(KeelMicrometer.RETRY_CALLS, "inventory", "failed_after_retry")).isEqualTo(1);
    assertThat(calls(KeelMicrometer.RETRY_CALLS, "inventory", "failed_without_retry")).isZero();
    assertThat(meter(KeelMicrometer.RETRY_RETRIES, "inventory").functionCounter().count())
        .isEqualTo(3);
    assertThat(meter(KeelMicrometer.RETRY_BUDGET_EXHAUSTED, "inventory").functionCounter().count())
        .isZero();
  }

  @Test
  void aRateLimitersGrantsRefusalsAndWaits() throws Exception {
    RateLimiter limiter =
        RateLimiter.builder("api")
            .capacity(1)
            .refill(1, Duration.ofSeconds(1))
            .maxWait(Duration.ofSeconds(5))
            .clock(clock)
            .sleeper(Sleeper.advancing(clock))
            .build();
    KeelMicrometer.bind(meters, limiter);

    assertThat(meter(KeelMicrometer.RATE_LIMITER_AVAILABLE, "api").gauge().value()).isEqualTo(1);
    limiter.call(() -> "now");
    limiter.call(() -> "after a second");
    assertThat(limiter.tryAcquire()).isFalse();

    assertThat(calls(KeelMicrometer.RATE_LIMITER_CALLS, "api", "acquired")).isEqualTo(2);
    assertThat(calls(KeelMicrometer.RATE_LIMITER_CALLS, "api", "rejected")).isEqualTo(1);
    FunctionTimer waits = meter(KeelMicrometer.RATE_LIMITER_WAIT, "api").functionTimer();
    assertThat(waits.count()).isEqualTo(1);
    assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
  }

  @Test
  void aBulkheadsPermitsInUseAndRefusals() throws Exception {
    Bulkhead bulkhead = Bulkhead.builder("db").maxConcurrent(2).build();
    KeelMicrometer.bind(meters, bulkhead);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    bulkhead.callAsync(() -> first);
    bulkhead.callAsync(() -> second);
    assertThatThrownBy(() -> bulkhead.call(() -> "full"));

    assertThat(meter(KeelMicrometer.BULKHEAD_IN_USE, "db").gauge().value()).isEqualTo(2);
    assertThat(meter(KeelMicrometer.BULKHEAD_MAX, "db").gauge().value()).isEqualTo(2);
    assertThat(calls(KeelMicrometer.BULKHEAD_CALLS, "db", "permitted")).isEqualTo(2);
    assertThat(calls(KeelMicrometer.BULKHEAD_CALLS, "db", "rejected")).isEqualTo(1);
    first.complete("done");
    assertThat(meter(KeelMicrometer.BULKHEAD_IN_USE, "db").gauge().value()).isEqualTo(1);
  }

  @Test
  void aPipelineBindsEachOfItsPoliciesAndABindingRemovesItsMeters() {
    Pipeline pipeline =
        Pipeline.builder()
            .circuitBreaker(CircuitBreaker.ofDefaults("p-breaker"))
            .retry(Retry.ofDefaults("p-retry"))
            .bulkhead(Bulkhead.ofDefaults("p-bulkhead"))
            .rateLimiter(RateLimiter.perSecond("p-limiter", 10))
            .timeout(Timeout.of(Duration.ofSeconds(1)))
            .build();

    KeelMicrometer.Binding binding = KeelMicrometer.bind(meters, pipeline);

    assertThat(binding.meters())
        .extracting(m -> m.getId().getTag(KeelMicrometer.TAG_NAME))
        .containsOnly("p-breaker", "p-retry", "p-bulkhead", "p-limiter");
    assertThat(meters.getMeters()).hasSameSizeAs(binding.meters());
    binding.close();
    assertThat(meters.getMeters()).isEmpty();
  }

  @Test
  void aPolicyRegistryBindsNamedInstancesNowAndLaterButNotKeyedOnes() throws Exception {
    PolicyRegistry registry =
        PolicyRegistry.builder()
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(1))
            .config("per-tenant", CircuitBreaker.builder("t").buildConfig())
            .build();
    registry.circuitBreaker("early");
    KeelMicrometer.Binding binding = KeelMicrometer.bind(meters, registry);
    CircuitBreaker late =
        registry.circuitBreaker("late"); // bound on creation, through the registry's events
    registry.circuitBreaker("per-tenant", "acme");
    registry.bulkhead("db");

    assertThat(state("early", "closed")).isEqualTo(1);
    assertThat(state("late", "closed")).isEqualTo(1);
    assertThat(meters.find(KeelMicrometer.BREAKER_STATE).tag("name", "per-tenant:acme").meters())
        .isEmpty();
    assertThat(meter(KeelMicrometer.BULKHEAD_MAX, "db").gauge().value()).isEqualTo(25);
    assertThat(
            meters
                .get(KeelMicrometer.REGISTRY_KEYED)
                .tag(KeelMicrometer.TAG_KIND, "circuit_breaker")
                .gauge()
                .value())
        .isEqualTo(1);

    // A reconfigured instance's meters follow its replacement
    late.forceOpen();
    assertThat(state("late", "forced_open")).isEqualTo(1);
    late.reset();
    assertThatThrownBy(() -> late.call(() -> fail()));
    assertThatThrownBy(() -> late.call(() -> fail())); // two failures on the old instance
    registry.reconfigure("late", CircuitBreaker.builder("x").consecutiveFailures(1).buildConfig());
    CircuitBreaker replacement = registry.circuitBreaker("late");
    assertThatThrownBy(() -> replacement.call(() -> fail()));
    assertThat(state("late", "open")).isEqualTo(1);
    assertThat(calls(KeelMicrometer.BREAKER_CALLS, "late", "failure")).isEqualTo(1);

    // Evictions are counted by kind and reason
    clock.advance(Duration.ofMinutes(1));
    registry.evictIdle();
    assertThat(
            meters
                .get(KeelMicrometer.REGISTRY_EVICTIONS)
                .tags(KeelMicrometer.TAG_KIND, "circuit_breaker", KeelMicrometer.TAG_REASON, "idle")
                .counter()
                .count())
        .isEqualTo(1);

    binding.close();
    assertThat(meters.getMeters()).isEmpty();
    registry.circuitBreaker("after-close");
    assertThat(meters.getMeters()).extracting(Meter::getId).isEmpty();
  }
}
