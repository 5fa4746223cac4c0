package dev.keel.core.examples;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.ManualClock;
import dev.keel.core.PolicyRegistry;
import dev.keel.core.PolicyRegistry.Kind;
import java.io.PrintStream;
import java.time.Duration;

/** One breaker per tenant from a shared configuration, evicted when idle, reconfigured live. */
public final class RegistryExample {

  private RegistryExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    ManualClock clock = new ManualClock(); // a real service leaves the system clock in place
    PolicyRegistry registry =
        PolicyRegistry.builder()
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(30))
            .maxKeyedInstances(1_000)
            .config(
                "per-tenant",
                CircuitBreaker.builder("per-tenant").consecutiveFailures(3).buildConfig())
            .build();
    registry.onEvent(
        event -> out.println("  event: " + event.getClass().getSimpleName() + " " + event.name()));

    CircuitBreaker acme = registry.circuitBreaker("per-tenant", "acme");
    registry.circuitBreaker("per-tenant", "globex");
    out.println("tenant breakers: " + registry.keyed(Kind.CIRCUIT_BREAKER).keySet());

    clock.advance(Duration.ofMinutes(20));
    registry.circuitBreaker("per-tenant", "acme"); // acme is busy, globex is not
    clock.advance(Duration.ofMinutes(10));
    registry.evictIdle();
    out.println("after 30 idle minutes: " + registry.keyed(Kind.CIRCUIT_BREAKER).keySet());

    registry.reconfigure(
        "per-tenant", CircuitBreaker.builder("per-tenant").consecutiveFailures(10).buildConfig());
    CircuitBreaker reconfigured = registry.circuitBreaker("per-tenant", "acme");
    out.println(
        "reconfigured: threshold "
            + acme.config().failureThreshold()
            + " -> "
            + reconfigured.config().failureThreshold());
  }
}
