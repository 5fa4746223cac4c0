package dev.keel.core.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every recipe runs and says what its README section promises. */
class ExamplesTest {

  private interface Recipe {
    void run(PrintStream out) throws Exception;
  }

  private static String output(Recipe recipe) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      recipe.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pipeline() throws Exception {
    assertThat(output(PipelineExample::run))
        .contains("flaky service: 42.00 EUR after 3 attempts")
        .contains("service down: price unavailable; breaker OPEN")
        .contains("breaker open: price unavailable without calling it (0 calls)");
  }

  @Test
  void registry() throws Exception {
    assertThat(output(RegistryExample::run))
        .contains("tenant breakers: [per-tenant:acme, per-tenant:globex]")
        .contains("event: Removed per-tenant:globex")
        .contains("after 30 idle minutes: [per-tenant:acme]")
        .contains("reconfigured: threshold 3 -> 10");
  }

  @Test
  void health() throws Exception {
    assertThat(output(HealthExample::run))
        .contains("all well: up")
        .contains("optional one fell back to bestsellers: degraded")
        .contains("  recommendations degraded - fallback used 0 s ago")
        .contains("critical one broken off: down (not ready)")
        .contains("  database down - circuit breaker 'database' is FORCED_OPEN");
  }

  @Test
  void micrometer() throws Exception {
    assertThat(output(MicrometerExample::run))
        .contains("keel.circuitbreaker.calls[tag(name=inventory), tag(outcome=success)] = 1.0")
        .contains("keel.circuitbreaker.calls[tag(name=inventory), tag(outcome=failure)] = 2.0")
        .contains("keel.retry.retries[tag(name=inventory)] = 1.0");
  }
}
