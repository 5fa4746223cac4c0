package dev.keel.core.internal;

import dev.keel.core.KeelClock;
import dev.keel.core.Policy;
import dev.keel.core.PolicyRegistry;
import dev.keel.core.PolicyRegistry.Kind;
import dev.keel.core.PolicyRegistryConfig;
import dev.keel.core.PolicyRegistryEvent;
import dev.keel.core.PolicyRegistryEvent.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The instances and configurations of one kind in a {@link PolicyRegistry}.
 *
 * <p>Design note: lookups of existing instances read concurrent maps and take no lock (a keyed
 * lookup also writes its entry's last-use time when the clock moved). Everything that adds or
 * removes an instance — creation, idle sweep, capacity eviction, reconfiguration — runs under
 * {@link #lock}, so the key count is exact, an instance is created once per name, and after {@link
 * #reconfigure} returns no entry with an outdated configuration remains. Capacity eviction scans
 * the keyed entries for the least recently used (linear, on creation beyond the bound only): sized
 * for thousands of keys, not millions. Events are collected under the lock and delivered after it.
 *
 * @param <C> the configuration type
 * @param <P> the policy type
 */
final class InstanceCache<C, P extends Policy> {

  /** One instance and what it was made from. */
  private static final class Entry<C, P> {
    final String name;
    final String configName;

    /** The key of a keyed entry; null for a named one. */
    final String key;

    final C config;
    final P instance;

    /** Clock reading of the last lookup; keyed entries only. */
    volatile long lastUsedNanos;

    Entry(String name, String configName, String key, C config, P instance, long now) {
      this.name = name;
      this.configName = configName;
      this.key = key;
      this.config = config;
      this.instance = instance;
      this.lastUsedNanos = now;
    }
  }

  private final Kind kind;
  private final String label;
  private final BiFunction<String, C, P> factory;
  private final BiConsumer<P, P> carryOver;
  private final Consumer<PolicyRegistryEvent> events;
  private final KeelClock clock;
  private final long idleNanos;
  private final long sweepEveryNanos;
  private final int maxKeyed;

  private final ConcurrentHashMap<String, C> configs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Entry<C, P>> named = new ConcurrentHashMap<>();

  /** Keyed entries by config name, then key. Inner maps are added and removed under the lock. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Entry<C, P>>> keyed =
      new ConcurrentHashMap<>();

  private final ReentrantLock lock = new ReentrantLock();

  /** Keyed entries held; changed under {@link #lock} only. */
  private volatile int keyedCount;

  /** Clock reading of the last idle sweep. */
  private volatile long lastSweepNanos;

  /**
   * @param factory makes an instance named {@code name} from a configuration
   * @param carryOver moves what survives a reconfiguration from the old instance to the new one
   * @param defaults the default configuration, or null when the kind has none
   */
  InstanceCache(
      Kind kind,
      PolicyRegistryConfig settings,
      BiFunction<String, C, P> factory,
      BiConsumer<P, P> carryOver,
      C defaults,
      Consumer<PolicyRegistryEvent> events) {
    this.kind = kind;
    this.label = kind.label().replace('_', ' ');
    this.factory = factory;
    this.carryOver = carryOver;
    this.events = events;
    this.clock = settings.clock();
    this.idleNanos = Checks.nanos(settings.idleTimeout(), Long.MAX_VALUE);
    this.sweepEveryNanos = Math.max(1, idleNanos / 4);
    this.maxKeyed = settings.maxKeyedInstances();
    this.lastSweepNanos = clock.nanoTime();
    if (defaults != null) {
      configs.put(PolicyRegistry.DEFAULT_CONFIG, defaults);
    }
  }

  P named(String name) {
    Entry<C, P> entry = named.get(Checks.notBlank("name", name));
    return entry != null ? entry.instance : createNamed(name);
  }

  P keyed(String configName, String key) {
    long now = clock.nanoTime();
    Map<String, Entry<C, P>> byKey = keyed.get(Checks.notBlank("configName", configName));
    Entry<C, P> entry = byKey == null ? null : byKey.get(Checks.notBlank("key", key));
    if (entry == null) {
      return createKeyed(configName, key, now);
    }
    if (entry.lastUsedNanos != now) {
      entry.lastUsedNanos = now;
    }
    if (now - lastSweepNanos >= sweepEveryNanos) {
      sweepIfFree(now);
    }
    return entry.instance;
  }

  void reconfigure(String configName, C config) {
    Checks.notBlank("configName", configName);
    Objects.requireNonNull(config, "config");
    List<PolicyRegistryEvent> changes = new ArrayList<>();
    lock.lock();
    try {
      configs.put(configName, config);
      for (Entry<C, P> entry : named.values()) {
        C now = resolveNamed(entry.configName);
        if (now != entry.config) {
          named.put(entry.name, replace(entry, now, changes));
        }
      }
      ConcurrentHashMap<String, Entry<C, P>> byKey = keyed.get(configName);
      if (byKey != null) {
        for (Entry<C, P> entry : byKey.values()) {
          byKey.put(entry.key, replace(entry, config, changes));
        }
      }
    } finally {
      lock.unlock();
    }
    changes.forEach(events);
  }

  Map<String, Policy> namedSnapshot() {
    Map<String, Policy> snapshot = new TreeMap<>();
    named.forEach((name, entry) -> snapshot.put(name, entry.instance));
    return snapshot;
  }

  Map<String, Policy> keyedSnapshot() {
    Map<String, Policy> snapshot = new TreeMap<>();
    keyed.values().forEach(m -> m.values().forEach(e -> snapshot.put(e.name, e.instance)));
    return snapshot;
  }

  int keyedCount() {
    return keyedCount;
  }

  void evictIdle() {
    List<PolicyRegistryEvent> changes = new ArrayList<>();
    lock.lock();
    try {
      sweep(clock.nanoTime(), changes);
    } finally {
      lock.unlock();
    }
    changes.forEach(events);
  }

  // ---- under the lock ----

  private P createNamed(String name) {
    List<PolicyRegistryEvent> changes = new ArrayList<>(1);
    P instance;
    lock.lock();
    try {
      Entry<C, P> entry = named.get(name);
      if (entry != null) {
        return entry.instance;
      }
      C config = resolveNamed(name);
      if (config == null) {
        throw new IllegalArgumentException(
            "no "
                + label
                + " configuration named '"
                + name
                + "' and no '"
                + PolicyRegistry.DEFAULT_CONFIG
                + "' one; add one with PolicyRegistry.builder().config(name, ...) or"
                + " registry.reconfigure(name, ...)");
      }
      instance = factory.apply(name, config);
      named.put(name, new Entry<>(name, name, null, config, instance, 0));
      changes.add(new PolicyRegistryEvent.Added(kind, name, instance, false));
    } finally {
      lock.unlock();
    }
    changes.forEach(events);
    return instance;
  }

  private P createKeyed(String configName, String key, long now) {
    List<PolicyRegistryEvent> changes = new ArrayList<>(2);
    P instance;
    lock.lock();
    try {
      ConcurrentHashMap<String, Entry<C, P>> byKey = keyed.get(configName);
      Entry<C, P> existing = byKey == null ? null : byKey.get(key);
      if (existing != null) {
        existing.lastUsedNanos = now;
        return existing.instance;
      }
      C config = configs.get(configName);
      if (config == null) {
        throw new IllegalArgumentException(
            "no "
                + label
                + " configuration named '"
                + configName
                + "' for keyed instances; known: "
                + new TreeMap<>(configs).keySet());
      }
      if (now - lastSweepNanos >= sweepEveryNanos) {
        sweep(now, changes);
      }
      while (keyedCount >= maxKeyed) {
        evictLeastRecentlyUsed(changes);
      }
      String name = configName + ":" + key;
      instance = factory.apply(name, config);
      keyed
          .computeIfAbsent(configName, c -> new ConcurrentHashMap<>())
          .put(key, new Entry<>(name, configName, key, config, instance, now));
      keyedCount++;
      changes.add(new PolicyRegistryEvent.Added(kind, name, instance, true));
    } finally {
      lock.unlock();
    }
    changes.forEach(events);
    return instance;
  }

  private void sweepIfFree(long now) {
    if (!lock.tryLock()) {
      return; // someone else is changing this kind; the next lookup sweeps
    }
    List<PolicyRegistryEvent> changes = new ArrayList<>();
    try {
      sweep(now, changes);
    } finally {
      lock.unlock();
    }
    changes.forEach(events);
  }

  private void sweep(long now, List<PolicyRegistryEvent> changes) {
    lastSweepNanos = now;
    for (Map<String, Entry<C, P>> byKey : keyed.values()) {
      for (Entry<C, P> entry : byKey.values()) {
        if (now - entry.lastUsedNanos >= idleNanos) {
          remove(entry, Reason.IDLE, changes);
        }
      }
    }
  }

  private void evictLeastRecentlyUsed(List<PolicyRegistryEvent> changes) {
    Entry<C, P> oldest = null;
    long now = clock.nanoTime();
    for (Map<String, Entry<C, P>> byKey : keyed.values()) {
      for (Entry<C, P> entry : byKey.values()) {
        if (oldest == null || now - entry.lastUsedNanos > now - oldest.lastUsedNanos) {
          oldest = entry;
        }
      }
    }
    remove(oldest, Reason.CAPACITY, changes);
  }

  private void remove(Entry<C, P> entry, Reason reason, List<PolicyRegistryEvent> changes) {
    ConcurrentHashMap<String, Entry<C, P>> byKey = keyed.get(entry.configName);
    if (byKey != null && byKey.remove(entry.key, entry)) {
      keyedCount--;
      if (byKey.isEmpty()) {
        keyed.remove(entry.configName, byKey);
      }
      changes.add(new PolicyRegistryEvent.Removed(kind, entry.name, entry.instance, true, reason));
    }
  }

  private Entry<C, P> replace(Entry<C, P> old, C config, List<PolicyRegistryEvent> changes) {
    P instance = factory.apply(old.name, config);
    carryOver.accept(old.instance, instance);
    boolean isKeyed = old.key != null;
    changes.add(
        new PolicyRegistryEvent.Removed(
            kind, old.name, old.instance, isKeyed, Reason.RECONFIGURED));
    changes.add(new PolicyRegistryEvent.Added(kind, old.name, instance, isKeyed));
    return new Entry<>(old.name, old.configName, old.key, config, instance, old.lastUsedNanos);
  }

  /** The configuration of a named instance: its own, else the default; null when neither. */
  private C resolveNamed(String name) {
    C own = configs.get(name);
    return own != null ? own : configs.get(PolicyRegistry.DEFAULT_CONFIG);
  }
}
