package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.PolicyRegistry.Kind;
import dev.keel.core.PolicyRegistryEvent.Added;
import dev.keel.core.PolicyRegistryEvent.Removed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads, one registry: one instance per name, and the keyed bound holds. */
class PolicyRegistryConcurrencyTest {

  private static final int THREADS = 16;
  private static final int LOOKUPS = 2_000;

  @Test
  void manyThreadsGetTheSameInstanceForTheSameName() throws Exception {
    PolicyRegistry registry =
        PolicyRegistry.builder()
            .config("per-tenant", CircuitBreaker.builder("t").buildConfig())
            .build();
    AtomicInteger added = new AtomicInteger();
    registry.onEvent(e -> added.incrementAndGet());
    Set<CircuitBreaker> named = ConcurrentHashMap.newKeySet();
    Set<CircuitBreaker> keyed = ConcurrentHashMap.newKeySet();

    runConcurrently(
        thread -> {
          for (int i = 0; i < LOOKUPS; i++) {
            named.add(registry.circuitBreaker("payments"));
            keyed.add(registry.circuitBreaker("per-tenant", "acme"));
          }
        });

    assertThat(named).hasSize(1);
    assertThat(keyed).hasSize(1);
    assertThat(added).hasValue(2);
  }

  @Test
  void theKeyedBoundHoldsWhileManyThreadsCreateAndEvict() throws Exception {
    int max = 50;
    PolicyRegistry registry =
        PolicyRegistry.builder()
            .maxKeyedInstances(max)
            .config("per-tenant", Bulkhead.builder("t").buildConfig())
            .build();
    AtomicInteger live = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    registry.onEvent(
        e -> {
          if (e instanceof Added) {
            highest.accumulateAndGet(live.incrementAndGet(), Math::max);
          } else if (e instanceof Removed) {
            live.decrementAndGet();
          }
        });

    runConcurrently(
        thread -> {
          for (int i = 0; i < LOOKUPS; i++) {
            registry.bulkhead("per-tenant", "tenant-" + ((i * 7 + thread * 13) % 200));
          }
        });

    assertThat(registry.keyedCount(Kind.BULKHEAD)).isEqualTo(max);
    assertThat(registry.keyed(Kind.BULKHEAD)).hasSize(max);
    assertThat(live).hasValue(max);
    // Events are delivered after the lock, so a reader may briefly see one Added before the
    // matching Removed of another thread: allow for that, but not for a runaway.
    assertThat(highest.get()).isLessThanOrEqualTo(max + THREADS);
  }

  private interface Body {
    void run(int thread) throws Exception;
  }

  private static void runConcurrently(Body body) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  body.run(thread);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reconfigurationDuringLookupsLeavesOnlyTheNewConfiguration() throws Exception {
    PolicyRegistry registry = PolicyRegistry.ofDefaults();
    Duration last = Duration.ofSeconds(THREADS);
    runConcurrently(
        thread -> {
          for (int i = 0; i < 200; i++) {
            registry.circuitBreaker("payments");
            registry.circuitBreaker(PolicyRegistry.DEFAULT_CONFIG, "k" + (i % 10));
          }
          registry.reconfigure(
              "payments",
              CircuitBreaker.builder("p").cooldown(Duration.ofSeconds(thread + 1)).buildConfig());
        });
    registry.reconfigure("payments", CircuitBreaker.builder("p").cooldown(last).buildConfig());
    assertThat(registry.circuitBreaker("payments").config().cooldown()).isEqualTo(last);
    assertThat(registry.keyedCount(Kind.CIRCUIT_BREAKER)).isEqualTo(10);
  }
}
