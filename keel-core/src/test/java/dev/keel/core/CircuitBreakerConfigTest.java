package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad settings fail at build() with a message naming the field and the value. */
class CircuitBreakerConfigTest {

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("cooldown", "PT-1S", b -> b.cooldown(Duration.ofSeconds(-1))),
        bad("cooldown", "PT0S", b -> b.cooldown(Duration.ZERO)),
        bad("failureThreshold", "0", b -> b.consecutiveFailures(0)),
        bad("failureRateThreshold", "0.0", b -> b.failureRateThreshold(0)),
        bad("failureRateThreshold", "100.5", b -> b.failureRateThreshold(100.5)),
        bad("failureRateThreshold", "NaN", b -> b.failureRateThreshold(Double.NaN)),
        bad("windowSize", "0", b -> b.slidingCountWindow(0)),
        bad("windowDuration", "PT0S", b -> b.slidingTimeWindow(Duration.ZERO)),
        bad("windowDuration", "PT-0.001S", b -> b.slidingTimeWindow(Duration.ofMillis(-1))),
        bad("minimumCalls", "0", b -> b.minimumCalls(0)),
        bad("minimumCalls", "11", b -> b.slidingCountWindow(10).minimumCalls(11)),
        bad("slowCallThreshold", "PT0S", b -> b.slowCallThreshold(Duration.ZERO)),
        bad("halfOpenPermits", "0", b -> b.halfOpenPermits(0)));
  }

  private static Arguments bad(
      String field, String value, UnaryOperator<CircuitBreakerBuilder> setting) {
    return Arguments.of(field, value, setting);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badSettings")
  void badSettingFailsAtBuildNamingTheField(
      String field, String value, UnaryOperator<CircuitBreakerBuilder> setting) {
    CircuitBreakerBuilder builder = setting.apply(CircuitBreaker.builder("b"));
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field)
        .hasMessageContaining(value);
  }

  @Test
  void blankNameIsRefused() {
    assertThatThrownBy(() -> CircuitBreaker.ofDefaults(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> CircuitBreaker.builder(null)).hasMessageContaining("name");
  }

  @Test
  void minimumCallsAboveWindowSizeIsFineInTimeMode() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("b")
            .slidingCountWindow(5)
            .minimumCalls(50)
            .slidingTimeWindow(Duration.ofSeconds(10))
            .build();
    assertThat(breaker.config().mode()).isEqualTo(CircuitBreakerConfig.Mode.TIME_WINDOW);
  }

  @Test
  void toBuilderRoundTrips() {
    CircuitBreakerConfig config =
        CircuitBreaker.builder("b")
            .slidingCountWindow(20)
            .minimumCalls(7)
            .failureRateThreshold(33)
            .slowCallThreshold(Duration.ofSeconds(3))
            .halfOpenPermits(2)
            .buildConfig();
    assertThat(config.toBuilder().buildConfig()).isEqualTo(config);
  }
}
