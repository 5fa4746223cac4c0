package dev.keel.core.examples;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.Dependencies;
import dev.keel.core.Dependency;
import dev.keel.core.DependencyHealth;
import dev.keel.core.Fallback;
import dev.keel.core.HealthReport;
import dev.keel.core.Pipeline;
import java.io.IOException;
import java.io.PrintStream;

/** Critical and optional dependencies, and the health report a readiness endpoint serves. */
public final class HealthExample {

  private HealthExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    CircuitBreaker database = CircuitBreaker.ofDefaults("database");
    Dependencies dependencies = new Dependencies();
    dependencies.register(
        Dependency.critical("database", Pipeline.builder().circuitBreaker(database).build()));
    Dependency recommendations =
        dependencies.register(
            Dependency.optional(
                "recommendations",
                Pipeline.builder()
                    .circuitBreaker(CircuitBreaker.ofDefaults("recommendations"))
                    .fallback(Fallback.of("bestsellers"))
                    .build()));
    print(out, "all well", dependencies.health());

    String answer =
        recommendations.call(
            () -> {
              throw new IOException("recommendations timed out");
            });
    print(out, "optional one fell back to " + answer, dependencies.health());

    database.forceOpen();
    print(out, "critical one broken off", dependencies.health());
  }

  private static void print(PrintStream out, String what, HealthReport report) {
    out.println(what + ": " + report.status().label() + (report.isReady() ? "" : " (not ready)"));
    for (DependencyHealth d : report.dependencies()) {
      out.println("  " + d.name() + " " + d.status().label() + " - " + d.reason());
    }
  }
}
