package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.PolicyRegistry.Kind;
import dev.keel.core.PolicyRegistryEvent.Added;
import dev.keel.core.PolicyRegistryEvent.Reason;
import dev.keel.core.PolicyRegistryEvent.Removed;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Named and keyed instances, shared configurations, eviction and reconfiguration. */
class PolicyRegistryTest {

  private final ManualClock clock = new ManualClock();
  private final List<PolicyRegistryEvent> events = new CopyOnWriteArrayList<>();

  private static CircuitBreakerConfig breakerConfig(Duration cooldown) {
    return CircuitBreaker.builder("ignored")
        .consecutiveFailures(1)
        .cooldown(cooldown)
        .buildConfig();
  }

  private PolicyRegistry registry(PolicyRegistryBuilder builder) {
    PolicyRegistry registry = builder.clock(clock).build();
    registry.onEvent(events::add);
    return registry;
  }

  private PolicyRegistry perTenant(Duration idleTimeout, int maxKeyed) {
    return registry(
        PolicyRegistry.builder()
            .idleTimeout(idleTimeout)
            .maxKeyedInstances(maxKeyed)
            .config("per-tenant", breakerConfig(Duration.ofSeconds(3))));
  }

  private List<String> removed(Reason reason) {
    return events.stream()
        .filter(e -> e instanceof Removed r && r.reason() == reason)
        .map(PolicyRegistryEvent::name)
        .toList();
  }

  @Test
  void aNamedInstanceIsCreatedOnceWithItsOwnConfigurationOrTheDefault() {
    PolicyRegistry registry =
        registry(
            PolicyRegistry.builder().config("payments", breakerConfig(Duration.ofSeconds(10))));

    CircuitBreaker payments = registry.circuitBreaker("payments");
    CircuitBreaker other = registry.circuitBreaker("inventory");

    assertThat(registry.circuitBreaker("payments")).isSameAs(payments);
    assertThat(payments.name()).isEqualTo("payments");
    assertThat(payments.config().cooldown()).isEqualTo(Duration.ofSeconds(10));
    assertThat(other.name()).isEqualTo("inventory");
    assertThat(other.config().cooldown()).isEqualTo(CircuitBreakerConfig.DEFAULT_COOLDOWN);
    assertThat(registry.named(Kind.CIRCUIT_BREAKER)).containsOnlyKeys("inventory", "payments");
    assertThat(events)
        .containsExactly(
            new Added(Kind.CIRCUIT_BREAKER, "payments", payments, false),
            new Added(Kind.CIRCUIT_BREAKER, "inventory", other, false));
  }

  @Test
  void everyKindIsNamedForItsLookup() {
    PolicyRegistry registry =
        registry(
            PolicyRegistry.builder()
                .config("api", RateLimiter.builder("x").capacity(5).buildConfig())
                .config("api", Timeout.builder("x").timeout(Duration.ofSeconds(2)).buildConfig())
                .config("api", Bulkhead.builder("x").maxConcurrent(3).buildConfig())
                .config("api", Retry.builder("x").maxAttempts(2).buildConfig()));

    assertThat(registry.rateLimiter("api").config().capacity()).isEqualTo(5);
    assertThat(registry.timeout("api").config().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(registry.bulkhead("api").config().maxConcurrent()).isEqualTo(3);
    assertThat(registry.retry("api").config().maxAttempts()).isEqualTo(2);
    assertThat(registry.retry("other").config().maxAttempts())
        .isEqualTo(RetryConfig.DEFAULT_MAX_ATTEMPTS);
    assertThat(registry.bulkhead("api", "tenant").name()).isEqualTo("api:tenant");
    assertThat(registry.timeout("api", "tenant").name()).isEqualTo("api:tenant");
    assertThat(registry.rateLimiter("api", "tenant").name()).isEqualTo("api:tenant");
    assertThat(registry.retry("api", "tenant").name()).isEqualTo("api:tenant");
  }

  @Test
  void kindsWithoutADefaultFailClearlyUntilOneIsGiven() {
    PolicyRegistry registry = PolicyRegistry.ofDefaults();
    assertThatThrownBy(() -> registry.rateLimiter("api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rate limiter configuration named 'api' and no 'default' one");
    assertThatThrownBy(() -> registry.timeout("api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no timeout configuration named 'api'");

    registry.reconfigure(
        PolicyRegistry.DEFAULT_CONFIG, RateLimiter.builder("d").capacity(7).buildConfig());
    assertThat(registry.rateLimiter("api").config().capacity()).isEqualTo(7);
  }

  @Test
  void aKeyedInstanceNeedsAnExistingConfigurationAndIsNamedConfigColonKey() {
    PolicyRegistry registry = perTenant(Duration.ofMinutes(10), 100);

    CircuitBreaker acme = registry.circuitBreaker("per-tenant", "acme");

    assertThat(acme.name()).isEqualTo("per-tenant:acme");
    assertThat(acme.config().cooldown()).isEqualTo(Duration.ofSeconds(3));
    assertThat(registry.circuitBreaker("per-tenant", "acme")).isSameAs(acme);
    assertThat(registry.circuitBreaker("per-tenant", "globex")).isNotSameAs(acme);
    assertThat(registry.keyedCount(Kind.CIRCUIT_BREAKER)).isEqualTo(2);
    assertThat(registry.keyed(Kind.CIRCUIT_BREAKER))
        .containsOnlyKeys("per-tenant:acme", "per-tenant:globex");
    assertThatThrownBy(() -> registry.circuitBreaker("per-tenatn", "acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no circuit breaker configuration named 'per-tenatn'")
        .hasMessageContaining("[default, per-tenant]");
    assertThatThrownBy(() -> registry.circuitBreaker("per-tenant", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key must not be blank");
  }

  @Test
  void aKeyedInstanceNotLookedUpForTheIdleTimeoutIsEvicted() {
    PolicyRegistry registry = perTenant(Duration.ofMinutes(10), 100);
    CircuitBreaker acme = registry.circuitBreaker("per-tenant", "acme");
    CircuitBreaker globex = registry.circuitBreaker("per-tenant", "globex");
    CircuitBreaker named = registry.circuitBreaker("payments");

    clock.advance(Duration.ofMinutes(5));
    registry.circuitBreaker("per-tenant", "acme"); // used again: idle for 5 minutes only
    clock.advance(Duration.ofMinutes(5));
    registry.evictIdle();

    assertThat(removed(Reason.IDLE)).containsExactly("per-tenant:globex");
    assertThat(registry.keyed(Kind.CIRCUIT_BREAKER)).containsOnlyKeys("per-tenant:acme");
    assertThat(registry.circuitBreaker("per-tenant", "acme")).isSameAs(acme);
    assertThat(registry.circuitBreaker("per-tenant", "globex")).isNotSameAs(globex);
    clock.advance(Duration.ofDays(1));
    registry.evictIdle();
    assertThat(registry.circuitBreaker("payments")).as("named: never evicted").isSameAs(named);
  }

  @Test
  void aKeyedLookupSweepsIdleInstancesWithoutAnExplicitCall() {
    PolicyRegistry registry = perTenant(Duration.ofMinutes(10), 100);
    registry.circuitBreaker("per-tenant", "acme");
    registry.circuitBreaker("per-tenant", "globex");

    clock.advance(Duration.ofMinutes(2)); // less than a quarter of the idle timeout: no sweep yet
    registry.circuitBreaker("per-tenant", "globex");
    clock.advance(Duration.ofMinutes(8));
    registry.circuitBreaker("per-tenant", "globex"); // acme idle 10 min, globex 8 min

    assertThat(removed(Reason.IDLE)).containsExactly("per-tenant:acme");
    assertThat(registry.keyedCount(Kind.CIRCUIT_BREAKER)).isEqualTo(1);
  }

  @Test
  void beyondMaxKeyedInstancesTheLeastRecentlyUsedIsEvicted() {
    PolicyRegistry registry = perTenant(Duration.ofDays(1), 3);
    for (String tenant : List.of("a", "b", "c")) {
      registry.circuitBreaker("per-tenant", tenant);
      clock.advance(Duration.ofSeconds(1));
    }
    registry.circuitBreaker("per-tenant", "a"); // now b is the least recently used
    clock.advance(Duration.ofSeconds(1));

    registry.circuitBreaker("per-tenant", "d");

    assertThat(removed(Reason.CAPACITY)).containsExactly("per-tenant:b");
    assertThat(registry.keyedCount(Kind.CIRCUIT_BREAKER)).isEqualTo(3);
    assertThat(registry.keyed(Kind.CIRCUIT_BREAKER))
        .containsOnlyKeys("per-tenant:a", "per-tenant:c", "per-tenant:d");
  }

  @Test
  void reconfigurationReplacesExactlyTheInstancesWhoseConfigurationChanged() {
    PolicyRegistry registry =
        registry(
            PolicyRegistry.builder()
                .config("payments", breakerConfig(Duration.ofSeconds(10)))
                .config("per-tenant", breakerConfig(Duration.ofSeconds(3))));
    CircuitBreaker payments = registry.circuitBreaker("payments");
    CircuitBreaker inventory = registry.circuitBreaker("inventory"); // uses the default
    CircuitBreaker acme = registry.circuitBreaker("per-tenant", "acme");
    events.clear();

    registry.reconfigure("payments", breakerConfig(Duration.ofSeconds(20)));

    CircuitBreaker newPayments = registry.circuitBreaker("payments");
    assertThat(newPayments).isNotSameAs(payments);
    assertThat(newPayments.name()).isEqualTo("payments");
    assertThat(newPayments.config().cooldown()).isEqualTo(Duration.ofSeconds(20));
    assertThat(registry.circuitBreaker("inventory")).isSameAs(inventory);
    assertThat(registry.circuitBreaker("per-tenant", "acme")).isSameAs(acme);
    assertThat(events)
        .containsExactly(
            new Removed(Kind.CIRCUIT_BREAKER, "payments", payments, false, Reason.RECONFIGURED),
            new Added(Kind.CIRCUIT_BREAKER, "payments", newPayments, false));

    registry.reconfigure(PolicyRegistry.DEFAULT_CONFIG, breakerConfig(Duration.ofSeconds(40)));
    assertThat(registry.circuitBreaker("inventory").config().cooldown())
        .isEqualTo(Duration.ofSeconds(40));
    assertThat(registry.circuitBreaker("payments")).isSameAs(newPayments);

    registry.reconfigure("per-tenant", breakerConfig(Duration.ofSeconds(4)));
    CircuitBreaker newAcme = registry.circuitBreaker("per-tenant", "acme");
    assertThat(newAcme).isNotSameAs(acme);
    assertThat(newAcme.name()).isEqualTo("per-tenant:acme");
    assertThat(newAcme.config().cooldown()).isEqualTo(Duration.ofSeconds(4));
    assertThat(registry.keyedCount(Kind.CIRCUIT_BREAKER)).isEqualTo(1);
  }

  @Test
  void aReconfiguredBreakerStartsClosedButKeepsAnOperatorsForcedOpenOrDisabled() throws Exception {
    PolicyRegistry registry =
        registry(
            PolicyRegistry.builder()
                .config(PolicyRegistry.DEFAULT_CONFIG, breakerConfig(Duration.ofSeconds(10))));
    CircuitBreaker open = registry.circuitBreaker("open");
    assertThatThrownBy(() -> open.call(() -> failure())).isInstanceOf(IOException.class);
    assertThat(open.state()).isEqualTo(CircuitBreaker.State.OPEN);
    registry.circuitBreaker("forced").forceOpen();
    registry.circuitBreaker("disabled").disable();

    registry.reconfigure(PolicyRegistry.DEFAULT_CONFIG, breakerConfig(Duration.ofSeconds(5)));

    assertThat(registry.circuitBreaker("open").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(registry.circuitBreaker("forced").state())
        .isEqualTo(CircuitBreaker.State.FORCED_OPEN);
    assertThat(registry.circuitBreaker("disabled").state())
        .isEqualTo(CircuitBreaker.State.DISABLED);
  }

  private static String failure() throws IOException {
    throw new IOException("down");
  }

  @Test
  void badSettingsFailNamingTheField() {
    assertThatThrownBy(() -> PolicyRegistry.builder().idleTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idleTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> PolicyRegistry.builder().maxKeyedInstances(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxKeyedInstances must be at least 1, was 0");
    assertThatThrownBy(
            () -> PolicyRegistry.builder().config(" ", breakerConfig(Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("config name must not be blank");
    assertThatThrownBy(() -> PolicyRegistry.ofDefaults().circuitBreaker(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must not be blank");
  }
}
