package dev.keel.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecDurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0ms, 0, 0ms",
    "250ms, 250, 250ms",
    "1.5s, 1500, 1500ms",
    "2s, 2000, 2s",
    "0.25m, 15000, 15s",
    "90s, 90000, 90s",
    "1m, 60000, 1m",
    "1440m, 86400000, 1440m",
  })
  void parsesAndFormats(String text, long millis, String formatted) {
    assertThat(SpecDurations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    assertThat(SpecDurations.format(Duration.ofMillis(millis))).isEqualTo(formatted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "5", "s", "-1s", "1.0001s", "1h", "1,5s", " 1s", "1441m", "86400001ms"})
  void rejects(String text) {
    assertThatThrownBy(() -> SpecDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
