package dev.keel.examples.orders.internal;

import dev.keel.core.CircuitBreaker;
import dev.keel.core.Criticality;
import dev.keel.core.DependencyHealth;
import dev.keel.core.HealthReport;
import dev.keel.core.HealthStatus;
import dev.keel.http.KeelHttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The service's readiness, as a keel-core {@link HealthReport} over the payment (critical) and
 * recommendations (optional) clients: DOWN while the payment breaker is open, DEGRADED while
 * recommendations fail or fall back, else UP. The email service is left out on purpose: it is only
 * used by the job, whose retries and DLQ absorb its outages, so it must not take readiness down.
 * Thread-safe.
 */
public final class ServiceHealth {

  private final List<KeelHttpClient> clients;

  /** Health over {@code clients}. */
  public ServiceHealth(List<KeelHttpClient> clients) {
    this.clients = List.copyOf(clients);
  }

  /** The report now. */
  public HealthReport report() {
    List<DependencyHealth> each = new ArrayList<>(clients.size());
    for (KeelHttpClient client : clients) {
      each.add(toCore(client.health()));
    }
    return HealthReport.of(each);
  }

  // keel-http reports its own health record; the service's report is keel-core's.
  private static DependencyHealth toCore(dev.keel.http.DependencyHealth h) {
    Criticality criticality =
        h.criticality() == dev.keel.http.Criticality.CRITICAL
            ? Criticality.CRITICAL
            : Criticality.OPTIONAL;
    HealthStatus status = HealthStatus.valueOf(h.status().name());
    Optional<CircuitBreaker.State> state;
    try {
      state = Optional.of(CircuitBreaker.State.valueOf(h.breakerState().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      state = Optional.empty();
    }
    String reason =
        status == HealthStatus.UP
            ? "ok"
            : "circuit breaker "
                + h.breakerState()
                + h.lastFailure().map(f -> "; last failure: " + f).orElse("");
    return new DependencyHealth(h.name(), criticality, status, state, h.lastFailureAt(), reason);
  }
}
