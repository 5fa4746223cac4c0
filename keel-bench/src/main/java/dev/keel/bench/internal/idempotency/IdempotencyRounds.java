package dev.keel.bench.internal.idempotency;

import dev.keel.bench.internal.load.LoadResult;
import dev.keel.idempotency.IdempotencyExecutor;
import dev.keel.idempotency.InMemoryIdempotencyStore;
import dev.keel.idempotency.MicrometerIdempotencyMetrics;
import dev.keel.idempotency.RedisIdempotencyStore;
import dev.keel.idempotency.RoundTripCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases of one round, in order: the handler alone, the in-memory store (first requests, then
 * replays of the same keys), the Redis store (the same). Round trips are read from the store's
 * {@link RoundTripCounter} and, as a cross-check, from the server's {@code INFO commandstats}
 * before and after each Redis phase.
 */
final class IdempotencyRounds {

  private final Workload workload = new Workload();
  private final RedisIdempotencyStore redisStore;
  private final IdempotencyExecutor redis;
  private final RoundTripCounter trips;
  private final RedisAdmin admin;
  private final MeterRegistry registry;
  private final int threads;

  IdempotencyRounds(
      RedisIdempotencyStore redisStore,
      RoundTripCounter trips,
      RedisAdmin admin,
      MeterRegistry registry,
      int threads) {
    this.redisStore = redisStore;
    this.trips = trips;
    this.admin = admin;
    this.registry = registry;
    this.threads = threads;
    this.redis =
        IdempotencyExecutor.builder(redisStore)
            .metrics(new MicrometerIdempotencyMetrics(registry, redisStore.name()))
            .build();
  }

  /** Runs every phase with {@code ops} operations; keys are {@code <tag>-<index>}. */
  List<PhaseResult> round(String tag, int ops) throws InterruptedException {
    List<PhaseResult> results = new ArrayList<>();
    results.add(PhaseResult.local(Phase.NONE, workload.none(threads, ops)));
    try (InMemoryIdempotencyStore memoryStore = InMemoryIdempotencyStore.create()) {
      IdempotencyExecutor memory =
          IdempotencyExecutor.builder(memoryStore)
              .metrics(new MicrometerIdempotencyMetrics(registry, memoryStore.name()))
              .build();
      results.add(
          PhaseResult.local(
              Phase.MEMORY_FIRST, workload.through(memory, threads, ops, tag + "-", false)));
      results.add(
          PhaseResult.local(
              Phase.MEMORY_REPLAY, workload.through(memory, threads, ops, tag + "-", true)));
    }
    results.add(redisPhase(Phase.REDIS_FIRST, tag, ops));
    results.add(redisPhase(Phase.REDIS_REPLAY, tag, ops));
    return results;
  }

  /** How many times the handler ran, over all rounds. */
  long handled() {
    return workload.handled();
  }

  /** The Redis key of a record, to check what the store wrote. */
  String redisKey(String key) {
    return redisStore.redisKey(Workload.SCOPE, key);
  }

  private PhaseResult redisPhase(Phase phase, String tag, int ops) throws InterruptedException {
    trips.reset();
    RedisAdmin.Counters before = admin.counters();
    LoadResult load = workload.through(redis, threads, ops, tag + "-", phase.replay());
    RedisAdmin.Counters grown = admin.counters().minus(before);
    return new PhaseResult(phase, load, trips.reset(), grown.scriptCalls(), grown.scriptMicros());
  }
}
