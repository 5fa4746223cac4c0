package dev.keel.core.internal.micrometer;

import static dev.keel.core.KeelMicrometer.TAG_KIND;

import dev.keel.core.KeelMicrometer;
import dev.keel.core.Policy;
import dev.keel.core.PolicyRegistry;
import dev.keel.core.PolicyRegistryEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The meters of a {@link PolicyRegistry}: keyed-instance gauges, eviction counters, and the meters
 * of each named instance, kept in step with the registry through its events.
 *
 * <p>Design note: the registry delivers a replacement's {@code Removed} before its {@code Added},
 * so the old instance's meters are removed before the new one registers meters with the same ids
 * (Micrometer would otherwise hand back the old meters, still reading the old instance).
 * Thread-safe.
 */
public final class RegistryMeters {

  private final MeterRegistry registry;
  private final CopyOnWriteArrayList<Meter> fixed = new CopyOnWriteArrayList<>();

  /** Meters of each named instance, by kind and name. */
  private final Map<String, List<Meter>> perInstance = new ConcurrentHashMap<>();

  private volatile boolean closed;

  public RegistryMeters(MeterRegistry registry, PolicyRegistry policies) {
    this.registry = registry;
    for (PolicyRegistry.Kind kind : PolicyRegistry.Kind.values()) {
      fixed.add(
          Gauge.builder(KeelMicrometer.REGISTRY_KEYED, policies, p -> p.keyedCount(kind))
              .description("Keyed instances the policy registry holds")
              .tags(TAG_KIND, kind.label())
              .register(registry));
    }
    policies.onEvent(this::onEvent);
    for (PolicyRegistry.Kind kind : PolicyRegistry.Kind.values()) {
      policies.named(kind).forEach((name, policy) -> bindInstance(kind, name, policy));
    }
  }

  private void onEvent(PolicyRegistryEvent event) {
    if (closed) {
      return;
    }
    switch (event) {
      case PolicyRegistryEvent.Added added when !added.keyed() ->
          bindInstance(added.kind(), added.name(), added.policy());
      case PolicyRegistryEvent.Removed removed -> {
        Counter evictions =
            Counter.builder(KeelMicrometer.REGISTRY_EVICTIONS)
                .description("Instances the policy registry dropped, by kind and reason")
                .tags(TAG_KIND, removed.kind().label())
                .tags(KeelMicrometer.TAG_REASON, removed.reason().name().toLowerCase(Locale.ROOT))
                .register(registry);
        fixed.addIfAbsent(evictions);
        evictions.increment();
        if (!removed.keyed()) {
          List<Meter> meters = perInstance.remove(key(removed.kind(), removed.name()));
          if (meters != null) {
            meters.forEach(registry::remove);
          }
        }
      }
      default -> {}
    }
  }

  private void bindInstance(PolicyRegistry.Kind kind, String name, Policy policy) {
    perInstance.put(key(kind, name), PolicyMeters.any(registry, policy));
  }

  private static String key(PolicyRegistry.Kind kind, String name) {
    return kind.label() + "/" + name;
  }

  /** Every meter bound now. */
  public List<Meter> meters() {
    List<Meter> all = new ArrayList<>(fixed);
    perInstance.values().forEach(all::addAll);
    return all;
  }

  /** Removes every meter and stops following the registry. */
  public void close() {
    closed = true;
    meters().forEach(registry::remove);
    perInstance.clear();
  }
}
