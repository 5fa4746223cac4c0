package dev.keel.examples.orders.internal;

import dev.keel.core.Dependencies;
import dev.keel.core.HealthReport;
import dev.keel.http.KeelHttpClient;
import java.util.List;

/**
 * The service's readiness: keel-core's {@link Dependencies} over the payment (critical) and
 * recommendations (optional) clients, each registered as its keel-core {@code Dependency}. DOWN
 * while the payment breaker is open, DEGRADED while it probes (half-open) or while recommendations
 * fail (and for a minute after a failed call), else UP. The email service is left out on purpose:
 * only the job uses it, and the job's retries and DLQ absorb its outages, so it must not take the
 * service out of rotation. Thread-safe.
 */
public final class ServiceHealth {

  private final Dependencies dependencies = new Dependencies();

  /** Health over {@code clients}. */
  public ServiceHealth(List<KeelHttpClient> clients) {
    clients.forEach(client -> dependencies.register(client.dependency()));
  }

  /** The report now. */
  public HealthReport report() {
    return dependencies.health();
  }
}
