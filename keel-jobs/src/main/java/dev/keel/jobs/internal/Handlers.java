package dev.keel.jobs.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.keel.jobs.HandlerOptions;
import dev.keel.jobs.JobHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Registered handlers by job type. Thread-safe; registration may happen at any time. */
public final class Handlers {

  /**
   * One registration, with the reader of its payload type built once (reading through the mapper
   * with a {@code Class} looks the type and its deserializer up again for every job).
   */
  public record Registered<T>(
      String type,
      Class<T> payloadType,
      HandlerOptions options,
      JobHandler<T> handler,
      ObjectReader reader) {

    /** A registration reading payloads with {@link Json#MAPPER}'s settings. */
    public Registered(
        String type, Class<T> payloadType, HandlerOptions options, JobHandler<T> handler) {
      this(type, payloadType, options, handler, Json.MAPPER.readerFor(payloadType));
    }
  }

  private final Map<String, Registered<?>> byType = new ConcurrentHashMap<>();

  /** Adds a handler; a type can have only one. */
  public void add(Registered<?> registered) {
    if (byType.putIfAbsent(registered.type(), registered) != null) {
      throw new IllegalStateException(
          "a handler for job type '" + registered.type() + "' is already registered");
    }
  }

  /** The handler of {@code type}, or null. */
  public Registered<?> get(String type) {
    return byType.get(type);
  }

  /** Types with a handler and no cluster-wide concurrency limit. */
  public Set<String> unlimitedTypes() {
    Set<String> out = new java.util.HashSet<>();
    byType.forEach(
        (t, r) -> {
          if (r.options().concurrencyLimit() == null) {
            out.add(t);
          }
        });
    return out;
  }

  /** Types with a cluster-wide concurrency limit, to their limit. */
  public Map<String, Integer> limitedTypes() {
    Map<String, Integer> out = new java.util.HashMap<>();
    byType.forEach(
        (t, r) -> {
          if (r.options().concurrencyLimit() != null) {
            out.put(t, r.options().concurrencyLimit());
          }
        });
    return out;
  }

  /** True when nothing is registered. */
  public boolean isEmpty() {
    return byType.isEmpty();
  }
}
