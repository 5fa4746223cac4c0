package dev.keel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** What {@link KeelMockExtension} does to whole test classes, run through the JUnit Platform. */
class KeelMockExtensionTest {

  /** Mocks seen by the scenario tests, in order. */
  static final List<FaultyMock> SEEN = new CopyOnWriteArrayList<>();

  /** Facts the scenario tests recorded, checked by the outer test after the run. */
  static final List<String> NOTES = new CopyOnWriteArrayList<>();

  @ScenarioOnly
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerTest {
    @KeelMock(stubs = "classpath:stubs/recommendations", faults = "status=503#1")
    FaultyMock mock;

    @Test
    @Order(1)
    void first() throws Exception {
      SEEN.add(mock);
      assertThat(mock.isRunning()).isTrue();
      assertThat(Http.status(mock.uri("/recommendations/1"))).isEqualTo(503);
      assertThat(Http.status(mock.uri("/recommendations/1"))).isEqualTo(200);
      mock.setFaults("reset");
    }

    @Test
    @Order(2)
    void second() {
      SEEN.add(mock);
      assertThat(mock).isNotSameAs(SEEN.getFirst());
      assertThat(SEEN.getFirst().isRunning()).as("the first test's mock is stopped").isFalse();
      assertThat(mock.journal()).isEmpty();
      assertThat(mock.faults()).hasToString("status=503#1");
      assertThat(Http.status(mock.uri("/recommendations/1"))).isEqualTo(503);
    }
  }

  @Test
  void anInstanceFieldGetsAFreshMockPerTestAndEachIsStoppedAfterIt() {
    SEEN.clear();

    TestExecutionSummary summary = Scenarios.run(PerTest.class);

    assertThat(summary.getTestsSucceededCount()).as(Scenarios.firstFailure(summary)).isEqualTo(2);
    assertThat(SEEN).hasSize(2).noneMatch(FaultyMock::isRunning);
    assertThat(SEEN.get(0).port()).isNotEqualTo(0);
  }

  @ScenarioOnly
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    @KeelMock(faults = "status=500#1")
    static FaultyMock shared;

    @BeforeAll
    static void stub() {
      shared.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.get("/ping")
              .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok("pong")));
    }

    @Test
    @Order(1)
    void first() {
      SEEN.add(shared);
      assertThat(Http.status(shared.uri("/ping"))).isEqualTo(500);
      assertThat(Http.status(shared.uri("/ping"))).isEqualTo(200);
      shared.setFaults("status=502");
    }

    @Test
    @Order(2)
    void second() {
      SEEN.add(shared);
      assertThat(shared).isSameAs(SEEN.getFirst());
      assertThat(shared.journal()).as("journal reset between tests").isEmpty();
      assertThat(shared.faults())
          .as("faults reset to the annotation's")
          .hasToString("status=500#1");
      assertThat(Http.status(shared.uri("/ping"))).isEqualTo(500);
      assertThat(Http.status(shared.uri("/ping"))).as("stubs kept").isEqualTo(200);
    }
  }

  @Test
  void aStaticFieldSharesOneMockPerClassResetBetweenTestsAndStoppedAfterAll() throws Exception {
    SEEN.clear();

    TestExecutionSummary summary = Scenarios.run(PerClass.class);

    assertThat(summary.getTestsSucceededCount()).as(Scenarios.firstFailure(summary)).isEqualTo(2);
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.getFirst().isRunning()).isFalse();
    assertThat(PerClass.shared).as("field cleared after the class").isNull();
  }

  @ScenarioOnly
  static class Parameters {
    @KeelMock FaultyMock field;

    @Test
    void resolves(
        @KeelMock(stubs = "classpath:stubs/recommendations", faults = "429=1s") FaultyMock own,
        FaultyMock fromField) {
      SEEN.add(own);
      SEEN.add(fromField);
      assertThat(fromField).isSameAs(field);
      assertThat(own).isNotSameAs(field);
      assertThat(own.faults()).hasToString("429=1s");
      assertThat(own.wireMock().getStubMappings()).hasSize(1);
      assertThat(field.wireMock().getStubMappings()).isEmpty();
    }
  }

  @Test
  void parametersGetTheirOwnMockOrTheClassField() {
    SEEN.clear();

    TestExecutionSummary summary = Scenarios.run(Parameters.class);

    assertThat(summary.getTestsSucceededCount()).as(Scenarios.firstFailure(summary)).isEqualTo(1);
    assertThat(SEEN).hasSize(2).noneMatch(FaultyMock::isRunning);
  }

  @ScenarioOnly
  static class FailingTest {
    @KeelMock FaultyMock mock;

    @Test
    void fails() {
      SEEN.add(mock);
      throw new AssertionError("deliberate");
    }
  }

  @Test
  void aFailingTestStillStopsItsMock() {
    SEEN.clear();

    TestExecutionSummary summary = Scenarios.run(FailingTest.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(Scenarios.firstFailure(summary)).contains("deliberate");
    assertThat(SEEN).hasSize(1).noneMatch(FaultyMock::isRunning);
  }

  @ScenarioOnly
  static class BadStubs {
    @KeelMock(stubs = "classpath:stubs/missing")
    FaultyMock mock;

    @Test
    void never() {
      NOTES.add("ran");
    }
  }

  @ScenarioOnly
  static class BadFaults {
    @KeelMock(faults = "latency=fast")
    FaultyMock mock;

    @Test
    void never() {
      NOTES.add("ran");
    }
  }

  @ScenarioOnly
  static class WrongType {
    @KeelMock String mock;

    @Test
    void never() {
      NOTES.add("ran");
    }
  }

  @ScenarioOnly
  @org.junit.jupiter.api.extension.ExtendWith(KeelMockExtension.class)
  static class UnannotatedParameterWithoutField {
    @Test
    void never(FaultyMock mock) {
      NOTES.add("ran");
    }
  }

  @Test
  void misconfigurationFailsTheTestWithAClearMessage() {
    NOTES.clear();

    assertThat(Scenarios.firstFailure(Scenarios.run(BadStubs.class)))
        .contains("@KeelMock mock could not start")
        .contains("no stubs/missing/mappings folder on the classpath");
    assertThat(Scenarios.firstFailure(Scenarios.run(BadFaults.class)))
        .contains("@KeelMock mock could not start")
        .contains("\"fast\" is not a duration");
    assertThat(Scenarios.firstFailure(Scenarios.run(WrongType.class)))
        .contains("@KeelMock field mock must be of type FaultyMock");
    assertThat(Scenarios.firstFailure(Scenarios.run(UnannotatedParameterWithoutField.class)))
        .contains("has 0 usable @KeelMock fields");
    assertThat(NOTES).isEmpty();
  }
}
