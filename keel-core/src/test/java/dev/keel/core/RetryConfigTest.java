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

/** Defaults, and bad settings failing at build() with a message naming the field and value. */
class RetryConfigTest {

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("maxAttempts", "0", b -> b.maxAttempts(0)),
        bad("maxAttempts", "-3", b -> b.maxAttempts(-3)),
        bad("base", "PT-1S", b -> b.backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1))),
        bad("base", "PT0S", b -> b.backoff(Duration.ZERO, Duration.ofSeconds(1))),
        bad("max", "PT1S", b -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))),
        bad("jitterFactor", "1.5", b -> b.jitterFactor(1.5)),
        bad("maxRetryAfter", "PT-1S", b -> b.maxRetryAfter(Duration.ofSeconds(-1))));
  }

  private static Arguments bad(String field, String value, UnaryOperator<RetryBuilder> setting) {
    return Arguments.of(field, value, setting);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badSettings")
  void badSettingFailsAtBuildNamingTheField(
      String field, String value, UnaryOperator<RetryBuilder> setting) {
    RetryBuilder builder = setting.apply(Retry.builder("r"));
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field)
        .hasMessageContaining(value);
  }

  @Test
  void blankNameIsRefused() {
    assertThatThrownBy(() -> Retry.ofDefaults(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @Test
  void defaultsAreTheBriefs() {
    RetryConfig config = Retry.ofDefaults("r").config();
    assertThat(config.maxAttempts()).isEqualTo(5);
    assertThat(config.backoff()).isEqualTo(Backoff.DEFAULT);
    assertThat(config.maxRetryAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.budget()).isSameAs(RetryBudget.unlimited());
    assertThat(config.sleeper()).isSameAs(Sleeper.system());
    assertThat(config.retryOn().test(new java.io.IOException())).isTrue();
    assertThat(config.retryOn().test(new AssertionError())).isFalse();
    assertThat(config.retryOnResult().test("anything")).isFalse();
  }

  @Test
  void toBuilderKeepsEverythingAndTheCapFollowsANewMax() {
    RetryConfig config =
        Retry.builder("r")
            .maxAttempts(3)
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
            .jitter(Jitter.FULL)
            .buildConfig();
    assertThat(config.toBuilder().buildConfig()).isEqualTo(config);
    RetryConfig wider =
        config.toBuilder().backoff(Duration.ofMillis(100), Duration.ofMinutes(1)).buildConfig();
    assertThat(wider.maxRetryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(wider.backoff().jitter()).isEqualTo(Jitter.FULL);
  }
}
