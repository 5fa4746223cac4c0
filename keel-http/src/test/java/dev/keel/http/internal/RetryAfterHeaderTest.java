package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterHeaderTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void delay_seconds() {
    assertThat(RetryAfterHeader.parse("2", NOW)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryAfterHeader.parse(" 120 ", NOW)).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryAfterHeader.parse("0", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void an_http_date_is_relative_to_now() {
    assertThat(RetryAfterHeader.parse("Thu, 01 Jan 2026 00:00:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void a_date_in_the_past_means_now() {
    assertThat(RetryAfterHeader.parse("Wed, 31 Dec 2025 23:59:00 GMT", NOW))
        .isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-5", "1.5", "99999999999999999999999", "2026-01-01"})
  void anything_else_is_ignored(String value) {
    assertThat(RetryAfterHeader.parse(value, NOW)).isNull();
  }
}
