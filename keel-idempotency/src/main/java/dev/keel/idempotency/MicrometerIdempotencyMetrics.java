package dev.keel.idempotency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Binds {@link IdempotencyMetrics} to Micrometer. Needs {@code micrometer-core} on the class path
 * (an optional dependency of this module).
 *
 * <p>Meters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@value #REQUESTS} [{@code keel_idempotency_requests_total}], tag {@code outcome}: {@code
 *       replay} (hits), {@code miss}, {@code conflict}, {@code mismatch}, {@code invalid_key},
 *       {@code unavailable}, {@code fail_open};
 *   <li>{@value #STORE_ERRORS} [{@code keel_idempotency_store_errors_total}], tag {@code
 *       operation};
 *   <li>{@value #STORE_LATENCY} [{@code keel_idempotency_store_latency_seconds}], tag {@code
 *       operation}.
 * </ul>
 *
 * Every meter also carries the tag {@code store} with the store's name. Thread-safe; meters are
 * registered up front so the hot path does no lookups.
 */
public final class MicrometerIdempotencyMetrics implements IdempotencyMetrics {

  /** Requests by outcome. */
  public static final String REQUESTS = "keel.idempotency.requests";

  /** Failed store calls by operation. */
  public static final String STORE_ERRORS = "keel.idempotency.store.errors";

  /** Store call durations by operation. */
  public static final String STORE_LATENCY = "keel.idempotency.store.latency";

  private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
  private final Map<StoreOperation, Counter> errors = new EnumMap<>(StoreOperation.class);
  private final Map<StoreOperation, Timer> latency = new EnumMap<>(StoreOperation.class);

  /** Registers the meters in {@code registry}, tagged with {@code storeName}. */
  public MicrometerIdempotencyMetrics(MeterRegistry registry, String storeName) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(storeName, "storeName");
    for (Outcome outcome : Outcome.values()) {
      requests.put(
          outcome,
          Counter.builder(REQUESTS)
              .description("Idempotent requests by outcome (replay = hit, miss = first run)")
              .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
              .tag("store", storeName)
              .register(registry));
    }
    for (StoreOperation op : StoreOperation.values()) {
      String tag = op.name().toLowerCase(Locale.ROOT);
      errors.put(
          op,
          Counter.builder(STORE_ERRORS)
              .description("Idempotency store calls that failed")
              .tag("operation", tag)
              .tag("store", storeName)
              .register(registry));
      latency.put(
          op,
          Timer.builder(STORE_LATENCY)
              .description("Duration of idempotency store calls")
              .tag("operation", tag)
              .tag("store", storeName)
              .register(registry));
    }
  }

  @Override
  public void request(Outcome outcome) {
    requests.get(outcome).increment();
  }

  @Override
  public void storeError(StoreOperation operation) {
    errors.get(operation).increment();
  }

  @Override
  public void storeLatency(StoreOperation operation, Duration duration) {
    latency.get(operation).record(duration);
  }
}
