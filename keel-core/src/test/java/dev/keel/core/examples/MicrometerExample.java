package dev.keel.core.examples;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.KeelMicrometer;
import dev.keel.core.Pipeline;
import dev.keel.core.Retry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/** A pipeline's meters in a Micrometer registry (Micrometer is optional for keel-core). */
public final class MicrometerExample {

  private MicrometerExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    Pipeline pipeline =
        Pipeline.builder()
            .circuitBreaker(CircuitBreaker.ofDefaults("inventory"))
            .retry(
                Retry.builder("inventory")
                    .maxAttempts(2)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    .build())
            .build();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (KeelMicrometer.Binding binding = KeelMicrometer.bind(meters, pipeline)) {
      pipeline.call(() -> "in stock");
      try {
        pipeline.call(
            () -> {
              throw new IOException("inventory down");
            });
      } catch (IOException expected) {
        // counted below
      }
      for (Meter meter : binding.meters()) {
        double value = meter.measure().iterator().next().getValue();
        if (value > 0) {
          out.println(meter.getId().getName() + meter.getId().getTags() + " = " + value);
        }
      }
    }
  }
}
