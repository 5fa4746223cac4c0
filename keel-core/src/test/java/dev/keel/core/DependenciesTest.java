package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Health computed from live policy state: breakers and recent fallbacks, critical or optional. */
class DependenciesTest {

  private final ManualClock clock = new ManualClock();
  private final Dependencies dependencies = new Dependencies();

  private CircuitBreaker breaker(String name) {
    return CircuitBreaker.builder(name)
        .consecutiveFailures(1)
        .cooldown(Duration.ofSeconds(30))
        .clock(clock)
        .build();
  }

  private Dependency register(String name, Criticality criticality, Pipeline pipeline) {
    return dependencies.register(
        Dependency.builder(name)
            .criticality(criticality)
            .pipeline(pipeline)
            .fallbackRecency(Duration.ofMinutes(1))
            .clock(clock)
            .build());
  }

  private static String down() throws IOException {
    throw new IOException("down");
  }

  @Test
  void aServiceWhoseBreakersAreClosedIsUp() {
    register("db", Criticality.CRITICAL, Pipeline.builder().circuitBreaker(breaker("db")).build());
    register("plain", Criticality.OPTIONAL, Pipeline.empty());

    HealthReport report = dependencies.health();

    assertThat(report.status()).isEqualTo(HealthStatus.UP);
    assertThat(report.isReady()).isTrue();
    assertThat(report.dependencies())
        .extracting(DependencyHealth::name)
        .containsExactly("db", "plain");
    assertThat(report.dependency("db").orElseThrow())
        .isEqualTo(
            new DependencyHealth(
                "db",
                Criticality.CRITICAL,
                HealthStatus.UP,
                Optional.of(CircuitBreaker.State.CLOSED),
                Optional.empty(),
                "ok"));
    assertThat(report.dependency("plain").orElseThrow().breakerState()).isEmpty();
  }

  @Test
  void anOpenBreakerTakesTheServiceDownWhenCriticalAndDegradesItWhenOptional() throws Exception {
    CircuitBreaker db = breaker("db");
    CircuitBreaker recs = breaker("recs");
    register("db", Criticality.CRITICAL, Pipeline.builder().circuitBreaker(db).build());
    Dependency optional =
        register("recs", Criticality.OPTIONAL, Pipeline.builder().circuitBreaker(recs).build());

    assertThatThrownBy(() -> optional.call(() -> down())).isInstanceOf(IOException.class);
    HealthReport degraded = dependencies.health();
    assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(degraded.isReady()).isTrue();
    assertThat(degraded.dependency("recs").orElseThrow().reason())
        .isEqualTo("circuit breaker 'recs' is OPEN");

    db.forceOpen();
    HealthReport report = dependencies.health();
    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.isReady()).isFalse();
    assertThat(report.dependency("db").orElseThrow().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.dependency("recs").orElseThrow().status()).isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void aHalfOpenCriticalBreakerDegradesSoThatTrafficCanProbeIt() throws Exception {
    CircuitBreaker db = breaker("db");
    Dependency dependency =
        register("db", Criticality.CRITICAL, Pipeline.builder().circuitBreaker(db).build());
    assertThatThrownBy(() -> dependency.call(() -> down())).isInstanceOf(IOException.class);
    assertThat(dependencies.health().status()).isEqualTo(HealthStatus.DOWN);

    clock.advance(Duration.ofSeconds(30));

    DependencyHealth health = dependency.health();
    assertThat(health.breakerState()).contains(CircuitBreaker.State.HALF_OPEN);
    assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(dependency.call(() -> "probe ok")).isEqualTo("probe ok");
    assertThat(dependencies.health().status()).isEqualTo(HealthStatus.UP);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRecentlyUsedFallbackDegradesTheServiceUntilItIsNoLongerRecent(Mode mode) throws Exception {
    Dependency recs =
        register(
            "recs",
            Criticality.OPTIONAL,
            Pipeline.builder().fallback(Fallback.of("popular items")).build());

    assertThat(mode.call(recs, () -> down())).isEqualTo("popular items");

    DependencyHealth health = recs.health();
    assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(health.lastFallbackAt()).contains(clock.now());
    assertThat(health.reason()).isEqualTo("fallback used 0 s ago");
    assertThat(dependencies.health().status()).isEqualTo(HealthStatus.DEGRADED);

    clock.advance(Duration.ofSeconds(59));
    assertThat(recs.health().status()).isEqualTo(HealthStatus.DEGRADED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(recs.health().status()).isEqualTo(HealthStatus.UP);
    assertThat(recs.health().lastFallbackAt()).contains(clock.now().minusSeconds(60));
  }

  @Test
  void aDownCriticalDependencyOutweighsADegradedOne() {
    CircuitBreaker db = breaker("db");
    CircuitBreaker cache = breaker("cache");
    register("cache", Criticality.OPTIONAL, Pipeline.builder().circuitBreaker(cache).build());
    register("db", Criticality.CRITICAL, Pipeline.builder().circuitBreaker(db).build());
    cache.forceOpen();
    db.forceOpen();

    assertThat(dependencies.health().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(HealthReport.of(List.of()).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void namesAreUniqueAndLookupsSayWhatExists() {
    register("db", Criticality.CRITICAL, Pipeline.empty());
    assertThatThrownBy(() -> register("db", Criticality.OPTIONAL, Pipeline.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a dependency named 'db' is registered already");
    assertThatThrownBy(() -> dependencies.get("dv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no dependency named 'dv'; registered: [db]");
    assertThat(dependencies.find("db")).isPresent();
    assertThat(dependencies.all()).extracting(Dependency::name).containsExactly("db");
    assertThat(Dependency.critical("x", Pipeline.empty()).criticality())
        .isEqualTo(Criticality.CRITICAL);
    assertThat(Dependency.optional("y", Pipeline.empty()).criticality())
        .isEqualTo(Criticality.OPTIONAL);
  }

  @Test
  void badSettingsFailNamingTheField() {
    assertThatThrownBy(() -> Dependency.builder("x").fallbackRecency(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fallbackRecency must be positive, was PT0S");
    assertThatThrownBy(() -> Dependency.builder(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must not be blank");
    assertThatThrownBy(() -> Dependency.builder("x").pipeline(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pipeline");
  }
}
