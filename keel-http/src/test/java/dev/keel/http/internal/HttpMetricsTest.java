package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The request meters, looked up once and then found again without the registry. */
class HttpMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HttpMetrics metrics = new HttpMetrics(registry, "payments");

  @Test
  void each_request_counts_under_its_own_status_and_times_under_its_method_and_host() {
    metrics.request("GET", "h", "200", 1_000_000);
    metrics.request("GET", "h", "200", 1_000_000);
    metrics.request("GET", "h", "503", 1_000_000);
    metrics.request("POST", "h", "200", 1_000_000);
    metrics.request("GET", "h", "200", 1_000_000);

    assertThat(counter("GET", "200").count()).isEqualTo(3);
    assertThat(counter("GET", "503").count()).isEqualTo(1);
    assertThat(counter("POST", "200").count()).isEqualTo(1);
    assertThat(timer("GET").count()).isEqualTo(4);
    assertThat(timer("POST").count()).isEqualTo(1);
  }

  @Test
  void a_meter_removed_from_the_registry_is_registered_again_by_the_next_request() {
    metrics.request("GET", "h", "200", 1_000_000);
    registry.remove(counter("GET", "200"));

    metrics.request("GET", "h", "200", 1_000_000);

    assertThat(counter("GET", "200").count()).isEqualTo(1);
    assertThat(timer("GET").count()).isEqualTo(2);
  }

  private Counter counter(String method, String status) {
    return registry
        .get(HttpMetrics.REQUESTS)
        .tags("method", method, "host", "h", "status", status)
        .counter();
  }

  private Timer timer(String method) {
    return registry.get(HttpMetrics.DURATION).tags("method", method, "host", "h").timer();
  }
}
