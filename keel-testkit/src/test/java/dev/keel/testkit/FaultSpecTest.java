package dev.keel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.testkit.FaultTrigger.RequestRange;
import dev.keel.testkit.FaultTrigger.TimeWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultSpecTest {

  @Test
  void parsesTheDocumentedExample() {
    FaultSpec spec =
        FaultSpec.parse(
            "latency=200ms@0.5,status=503@0.2,reset@0.05,hang=10s@0.01,429=2s@0.1,dribble=2s@0.1");

    assertThat(spec.rules())
        .containsExactly(
            new FaultRule(
                FaultAction.Latency.fixed(Duration.ofMillis(200)), FaultTrigger.rate(0.5)),
            new FaultRule(new FaultAction.Status(503), FaultTrigger.rate(0.2)),
            new FaultRule(new FaultAction.Reset(), FaultTrigger.rate(0.05)),
            new FaultRule(new FaultAction.Hang(Duration.ofSeconds(10)), FaultTrigger.rate(0.01)),
            new FaultRule(
                new FaultAction.TooManyRequests(Duration.ofSeconds(2)), FaultTrigger.rate(0.1)),
            new FaultRule(
                new FaultAction.Dribble(Duration.ofSeconds(2), 10), FaultTrigger.rate(0.1)));
    assertThat(spec.seed()).isEqualTo(FaultSpec.DEFAULT_SEED);
    assertThat(spec.toString())
        .isEqualTo(
            "latency=200ms@0.5,status=503@0.2,reset@0.05,hang=10s@0.01,429=2s@0.1,dribble=2s@0.1");
  }

  @Test
  void parsesSchedulesWindowsAndCombinedTriggers() {
    FaultSpec spec = FaultSpec.parse(" status=503#1-5 , reset#7, latency=1s#3-, 429~10s-30s@20% ");

    assertThat(spec.rules().get(0).trigger().requests()).isEqualTo(new RequestRange(1, 5));
    assertThat(spec.rules().get(1).trigger().requests()).isEqualTo(new RequestRange(7, 7));
    assertThat(spec.rules().get(2).trigger().requests())
        .isEqualTo(new RequestRange(3, Long.MAX_VALUE));
    FaultTrigger combined = spec.rules().get(3).trigger();
    assertThat(combined.window())
        .isEqualTo(new TimeWindow(Duration.ofSeconds(10), Duration.ofSeconds(30)));
    assertThat(combined.rate()).isEqualTo(0.2);
    assertThat(spec.rules().get(3).action())
        .isEqualTo(new FaultAction.TooManyRequests(Duration.ZERO));
    assertThat(spec).hasToString("status=503#1-5,reset#7,latency=1s#3-,429~10s-30s@0.2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                         | none",
        "none                       | none",
        "NONE                       | none",
        "seed=42                    | seed=42",
        "seed=42,status=500         | seed=42,status=500",
        "status=500,seed=1          | status=500",
        "latency=100ms..1.5s        | latency=100ms..1500ms",
        "latency=60000ms            | latency=1m",
        "latency=0ms                | latency=0ms",
        "dribble=2s/10              | dribble=2s",
        "dribble=2s/3               | dribble=2s/3",
        "status=503@100%            | status=503",
        "status=503#1-              | status=503",
        "status=503~0s-             | status=503",
        "status=503@0.125#2-9~1s-2s | status=503#2-9~1s-2s@0.125",
        "429=0s                     | 429",
      })
  void printsTheCanonicalForm(String input, String canonical) {
    assertThat(FaultSpec.parse(input)).hasToString(canonical);
    assertThat(FaultSpec.parse(canonical)).isEqualTo(FaultSpec.parse(input));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "statu=503           | unknown fault \"statu\"; valid faults are latency, status, 429",
        "status=200          | status must be an error status in 400..599, was 200",
        "status=5xx          | status must be a three-digit code",
        "status              | status needs a value, e.g. status=503",
        "latency=200         | \"200\" is not a duration; write a number and a unit",
        "latency=2s..1s      | latency max must be >= min",
        "latency=0.5ms       | finer than a millisecond",
        "latency=2d          | \"2d\" is not a duration",
        "hang=0s             | hang must be positive",
        "429=1500ms          | Retry-After must be whole seconds",
        "reset=1s            | reset takes no value",
        "dribble=2s/0        | dribble chunks must be in 1..10000, was 0",
        "dribble=2s/x        | dribble chunks must be a whole number",
        "status=503@1.5      | rate must be at most 1",
        "status=503@abc      | rate must be a fraction like 0.2 or a percentage like 20%",
        "status=503@0.1@0.2  | trigger '@' is given twice",
        "status=503#5-3      | last request must be >= first",
        "status=503#0        | first request must be >= 1",
        "status=503#a        | request numbers must look like #3, #1-5 or #6-",
        "status=503~10s      | a time window must look like ~10s-30s",
        "status=503~30s-10s  | window end must be after start",
        "@0.5                | a fault is missing before the trigger",
        "seed=x              | seed must be an integer",
        "seed=1,seed=2       | seed is given twice",
        "latency=2000m       | longer than the maximum of 1 day",
      })
  void rejectsBadItemsSayingWhatIsWrongAndWhatIsValid(String input, String problem) {
    assertThatThrownBy(() -> FaultSpec.parse(input))
        .isInstanceOf(FaultSpecException.class)
        .hasMessageContaining(problem)
        .hasMessageContaining("TRIGGERs: @RATE");
  }

  @Test
  void namesTheOffendingItemAmongSeveral() {
    assertThatThrownBy(() -> FaultSpec.parse("latency=200ms,status=999,reset"))
        .isInstanceOfSatisfying(
            FaultSpecException.class,
            e -> {
              assertThat(e.item()).isEqualTo("status=999");
              assertThat(e.problem()).contains("400..599");
              assertThat(e.getMessage()).startsWith("invalid fault spec item \"status=999\"");
            });
  }

  @Test
  void rejectsStrayCommas() {
    assertThatThrownBy(() -> FaultSpec.parse("reset,,status=503"))
        .isInstanceOf(FaultSpecException.class)
        .hasMessageContaining("empty item");
    assertThatThrownBy(() -> FaultSpec.parse("reset,"))
        .isInstanceOf(FaultSpecException.class)
        .hasMessageContaining("empty item");
  }

  @Test
  void recordConstructorsFailFastNamingTheField() {
    assertThatThrownBy(() -> new FaultTrigger(RequestRange.ALL, TimeWindow.ALWAYS, Double.NaN))
        .hasMessageContaining("rate must be in [0, 1], was NaN");
    assertThatThrownBy(() -> FaultAction.Latency.fixed(Duration.ofNanos(5)))
        .hasMessageContaining("latency min must be whole milliseconds");
    assertThatThrownBy(() -> new FaultAction.Hang(Duration.ofDays(2)))
        .hasMessageContaining("hang must be whole milliseconds between 0 and 1 day");
  }

  @Test
  void specsAreValuesAndCopyTheirRules() {
    var rules =
        new java.util.ArrayList<FaultRule>(List.of(FaultRule.always(new FaultAction.Reset())));
    FaultSpec spec = new FaultSpec(rules, 3);
    rules.clear();

    assertThat(spec.rules()).hasSize(1);
    assertThat(spec).isEqualTo(FaultSpec.parse("seed=3,reset"));
    assertThat(FaultSpec.NONE.isEmpty()).isTrue();
  }
}
