package dev.keel.http.internal;

import dev.keel.core.KeelClock;
import dev.keel.core.RetryBudget;
import dev.keel.core.Sleeper;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a client uses besides its settings.
 *
 * @param clock time for durations, cooldowns and ages
 * @param registry where meters go
 * @param openTelemetry tracer and propagators
 * @param httpClient the caller's JDK client, or null to build one
 * @param sleeper how blocking retries wait
 * @param retryScheduler where async retries are scheduled, or null for keel-core's shared one
 * @param retryBudget the budget shared with other retries
 */
public record Collaborators(
    KeelClock clock,
    MeterRegistry registry,
    OpenTelemetry openTelemetry,
    HttpClient httpClient,
    Sleeper sleeper,
    ScheduledExecutorService retryScheduler,
    RetryBudget retryBudget) {

  /** Checks the required parts. */
  public Collaborators {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(retryBudget, "retryBudget");
  }
}
