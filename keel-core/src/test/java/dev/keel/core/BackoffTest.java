package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Property
  void delayNeverExceedsMaxAndNeverNegative(
      @ForAll @IntRange(min = 0, max = 200) int attempt,
      @ForAll @LongRange(min = 1, max = 10_000) long baseMs,
      @ForAll @LongRange(min = 0, max = 1_000_000) long extraMs,
      @ForAll Jitter jitter,
      @ForAll long seed) {
    Backoff backoff =
        new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(baseMs + extraMs), jitter, 0.25);
    Duration previous = Duration.ofMillis(baseMs * (attempt + 1));
    Duration delay = backoff.delay(attempt, previous, new SplittableRandom(seed));
    assertThat(delay).isBetween(Duration.ZERO, backoff.max());
  }

  @Property
  void proportionalJitterStaysWithinQuarterOfTheCappedExponential(
      @ForAll @IntRange(min = 0, max = 10) int attempt, @ForAll long seed) {
    Duration delay = Backoff.DEFAULT.delay(attempt, null, new SplittableRandom(seed));
    double exp = Math.min(5_000.0 * Math.pow(2, attempt), 300_000.0);
    assertThat((double) delay.toMillis()).isBetween(exp * 0.75 - 1, Math.min(exp * 1.25, 300_000));
  }

  @Test
  void defaultsAreTheBriefs() {
    assertThat(Backoff.DEFAULT.base()).isEqualTo(Duration.ofSeconds(5));
    assertThat(Backoff.DEFAULT.max()).isEqualTo(Duration.ofMinutes(5));
    assertThat(Backoff.DEFAULT.jitterFactor()).isEqualTo(0.25);
    assertThat(Backoff.DEFAULT.withJitter(Jitter.NONE).delay(3, null, new SplittableRandom(1)))
        .isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void badConfigurationNamesTheField() {
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("base");
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(10), Duration.ofSeconds(1)))
        .hasMessageContaining("max");
    assertThatThrownBy(() -> Backoff.DEFAULT.withJitterFactor(1.5))
        .hasMessageContaining("jitterFactor");
  }
}
