package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.BulkheadFullException;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.CircuitBreakerOpenException;
import dev.keel.core.RateLimitedException;
import dev.keel.http.DependencyConnectException;
import dev.keel.http.DependencyRateLimitedException;
import dev.keel.http.DependencyServerErrorException;
import dev.keel.http.DependencyTimeoutException;
import dev.keel.http.DependencyUnavailableException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailuresTest {

  private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (k, v) -> true);
  private static final Duration MAX = Duration.ofSeconds(30);

  private static DependencyServerErrorException status(int status, Duration retryAfter) {
    return new DependencyServerErrorException("m", "d", 1, status, NONE, retryAfter);
  }

  private static DependencyTimeoutException timeout(DependencyTimeoutException.Kind kind) {
    return new DependencyTimeoutException("m", "d", 1, 0, kind, Duration.ofSeconds(1), null);
  }

  @Test
  void dependency_failures_are_5xx_429_broken_connections_and_timeouts_of_sent_requests() {
    assertThat(Failures.isDependencyFailure(status(500, null))).isTrue();
    assertThat(Failures.isDependencyFailure(status(501, null))).isTrue();
    assertThat(
            Failures.isDependencyFailure(
                new DependencyRateLimitedException("m", "d", 1, NONE, null)))
        .isTrue();
    assertThat(Failures.isDependencyFailure(new DependencyConnectException("m", "d", 1, 0, null)))
        .isTrue();
    assertThat(Failures.isDependencyFailure(timeout(DependencyTimeoutException.Kind.CONNECT)))
        .isTrue();
    assertThat(Failures.isDependencyFailure(timeout(DependencyTimeoutException.Kind.RESPONSE)))
        .isTrue();
  }

  @Test
  void a_spent_deadline_refusals_and_programming_errors_are_not() {
    assertThat(Failures.isDependencyFailure(timeout(DependencyTimeoutException.Kind.DEADLINE)))
        .isFalse();
    assertThat(
            Failures.isDependencyFailure(
                new DependencyUnavailableException(
                    "m",
                    "d",
                    0,
                    0,
                    DependencyUnavailableException.Reason.CIRCUIT_OPEN,
                    null,
                    null)))
        .isFalse();
    assertThat(Failures.isDependencyFailure(new IllegalArgumentException())).isFalse();
  }

  @Test
  void retryable_unless_it_cannot_change_or_asks_for_too_long_a_wait() {
    assertThat(Failures.isRetryable(status(503, null), MAX)).isTrue();
    assertThat(Failures.isRetryable(status(503, Duration.ofSeconds(30)), MAX)).isTrue();
    assertThat(Failures.isRetryable(status(503, Duration.ofSeconds(31)), MAX)).isFalse();
    assertThat(Failures.isRetryable(status(501, null), MAX)).isFalse();
    assertThat(Failures.isRetryable(status(505, null), MAX)).isFalse();
    assertThat(Failures.isRetryable(timeout(DependencyTimeoutException.Kind.DEADLINE), MAX))
        .isFalse();
  }

  @Test
  void nothing_was_sent_for_local_rejections_and_a_spent_deadline() {
    RateLimitedException limited = new RateLimitedException("d", Duration.ofSeconds(1));
    BulkheadFullException full = new BulkheadFullException("d", 1, Duration.ZERO);
    assertThat(Failures.isNotSent(limited)).isTrue();
    assertThat(Failures.isNotSent(full)).isTrue();
    assertThat(Failures.isNotSent(timeout(DependencyTimeoutException.Kind.DEADLINE))).isTrue();
    assertThat(Failures.isNotSent(timeout(DependencyTimeoutException.Kind.RESPONSE))).isFalse();
    assertThat(Failures.isNotSent(status(503, null))).isFalse();
  }

  @Test
  void a_fallback_answers_dependency_failures_and_refusals_but_not_programming_errors() {
    CircuitBreakerOpenException open =
        new CircuitBreakerOpenException("d", CircuitBreaker.State.OPEN, Duration.ofSeconds(3));
    assertThat(Failures.isLocalRefusal(open)).isTrue();
    assertThat(Failures.isAnswerable(open)).isTrue();
    assertThat(Failures.isAnswerable(new RateLimitedException("d", Duration.ZERO))).isTrue();
    assertThat(Failures.isAnswerable(timeout(DependencyTimeoutException.Kind.DEADLINE))).isTrue();
    assertThat(Failures.isAnswerable(status(500, null))).isTrue();
    assertThat(Failures.isLocalRefusal(status(500, null))).isFalse();
    assertThat(Failures.isAnswerable(new IllegalArgumentException())).isFalse();
    assertThat(Failures.isAnswerable(new InterruptedException())).isFalse();
  }
}
