package dev.keel.core.examples;

import dev.keel.core.Bulkhead;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.Fallback;
import dev.keel.core.Pipeline;
import dev.keel.core.Retry;
import dev.keel.core.Timeout;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A pipeline around a flaky price service: retried, then broken off, then answered by fallback. */
public final class PipelineExample {

  private PipelineExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.builder("prices")
            .consecutiveFailures(3)
            .cooldown(Duration.ofSeconds(30))
            .build();
    Pipeline prices =
        Pipeline.builder() // any order: the pipeline applies fallback → retry → breaker → ...
            .timeout(Timeout.of(Duration.ofSeconds(1)))
            .bulkhead(Bulkhead.builder("prices").maxConcurrent(10).build())
            .circuitBreaker(breaker)
            .retry(
                Retry.builder("prices")
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                    .build())
            .fallback(Fallback.of("price unavailable"))
            .build();

    AtomicInteger attempts = new AtomicInteger();
    String flaky =
        prices.call(
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IOException("connection reset");
              }
              return "42.00 EUR";
            });
    out.println("flaky service: " + flaky + " after " + attempts + " attempts");

    String down =
        prices.call(
            () -> {
              throw new IOException("price service down");
            });
    out.println("service down: " + down + "; breaker " + breaker.state());

    AtomicInteger reached = new AtomicInteger();
    String open = prices.call(() -> "never " + reached.incrementAndGet());
    out.println("breaker open: " + open + " without calling it (" + reached + " calls)");
  }
}
