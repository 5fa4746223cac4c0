package dev.keel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.KeelClock;
import dev.keel.core.ManualClock;
import dev.keel.idempotency.ClaimResult;
import dev.keel.idempotency.IdempotencyScope;
import dev.keel.idempotency.IdempotencyStore;
import dev.keel.idempotency.InMemoryIdempotencyStore;
import dev.keel.idempotency.KeyClaimParams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** {@link KeelTestExtension} used directly, and its per-test lifetimes checked via scenarios. */
@ExtendWith(KeelTestExtension.class)
class KeelTestExtensionTest {

  @KeelFixture ManualClock clock;
  @KeelFixture KeelClock keelClock;
  @KeelFixture InMemoryIdempotencyStore store;
  @KeelFixture IdempotencyStore storeInterface;

  private static final IdempotencyScope SCOPE = new IdempotencyScope("tenant-1", "POST /orders");

  @Test
  void fieldsAndParametersShareOneClockAndOneStorePerTest(
      ManualClock clockParam, InMemoryIdempotencyStore storeParam) {
    assertThat(keelClock).isSameAs(clock).isSameAs(clockParam);
    assertThat(storeInterface).isSameAs(store).isSameAs(storeParam);
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(store.size()).isZero();
  }

  @Test
  void theStoreRunsOnTheManualClockSoLeasesCanBeSteppedThrough() {
    ClaimResult first =
        store.keyClaim(new KeyClaimParams(SCOPE, "k1", "fp", Duration.ofSeconds(30)));
    ClaimResult whileHeld =
        store.keyClaim(new KeyClaimParams(SCOPE, "k1", "fp", Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(30));
    ClaimResult afterLease =
        store.keyClaim(new KeyClaimParams(SCOPE, "k1", "fp", Duration.ofSeconds(30)));

    assertThat(first).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(whileHeld).isEqualTo(new ClaimResult.InFlight(Duration.ofSeconds(30)));
    assertThat(afterLease).isInstanceOf(ClaimResult.Claimed.class).isNotEqualTo(first);
  }

  static final List<Object> SEEN = new CopyOnWriteArrayList<>();

  @ScenarioOnly
  @ExtendWith(KeelTestExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Lifetimes {
    @KeelFixture ManualClock clock;
    @KeelFixture InMemoryIdempotencyStore store;
    @KeelFixture JobsTestSupport jobs;
    ManualClock fromBeforeEach;

    @BeforeEach
    void setUp(ManualClock c) {
      fromBeforeEach = c;
    }

    @Test
    @Order(1)
    void first() {
      SEEN.add(clock);
      SEEN.add(store);
      SEEN.add(jobs);
      assertThat(fromBeforeEach).isSameAs(clock);
      jobs.enqueue(dev.keel.jobs.JobRequest.of("noop", java.util.Map.of()));
      assertThat(jobs.pending()).isEqualTo(1);
      clock.advance(Duration.ofHours(1));
      store.keyClaim(new KeyClaimParams(SCOPE, "k", "fp", Duration.ofMinutes(1)));
      assertThat(store.size()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void second() {
      SEEN.add(clock);
      SEEN.add(store);
      SEEN.add(jobs);
      assertThat(clock).isNotSameAs(SEEN.get(0));
      assertThat(jobs).isNotSameAs(SEEN.get(2));
      assertThat(jobs.pending()).as("a fresh job store").isZero();
      assertThat(java.nio.file.Files.exists(((JobsTestSupport) SEEN.get(2)).directory()))
          .as("the first test's job store was closed and deleted")
          .isFalse();
      assertThat(clock.nanoTime()).isZero();
      assertThat(store).isNotSameAs(SEEN.get(1));
      assertThat(store.size()).isZero();
      assertThat(((InMemoryIdempotencyStore) SEEN.get(1)).size())
          .as("the first test's store was closed (emptied)")
          .isZero();
    }
  }

  @Test
  void eachTestGetsAFreshClockAndStoreAndTheStoreIsClosedAfterwards() {
    SEEN.clear();

    TestExecutionSummary summary = Scenarios.run(Lifetimes.class);

    assertThat(summary.getTestsSucceededCount()).as(Scenarios.firstFailure(summary)).isEqualTo(2);
  }

  @ScenarioOnly
  static class UnsupportedField {
    @KeelFixture String nope;

    @Test
    void never() {
      SEEN.add("ran");
    }
  }

  @Test
  void anUnsupportedFixtureTypeFailsClearly() {
    SEEN.clear();

    String failure = Scenarios.firstFailure(Scenarios.run(UnsupportedField.class));

    assertThat(failure).contains("@KeelFixture field nope has unsupported type java.lang.String");
    assertThat(SEEN).isEmpty();
  }
}
