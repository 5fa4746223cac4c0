package dev.keel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.testkit.FaultTrigger.RequestRange;
import dev.keel.testkit.FaultTrigger.TimeWindow;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Formatting a spec then parsing it gives the same spec; parsing never fails but cleanly. */
class FaultSpecPropertyTest {

  @Property(tries = 500)
  void formatThenParseRoundTrips(@ForAll("specs") FaultSpec spec) {
    assertThat(FaultSpec.parse(spec.toString())).isEqualTo(spec);
  }

  @Property(tries = 500)
  void canonicalFormIsAFixedPoint(@ForAll("specs") FaultSpec spec) {
    String once = spec.toString();
    assertThat(FaultSpec.parse(once).toString()).isEqualTo(once);
  }

  @Property(tries = 1000)
  void garbageIsRejectedWithAFaultSpecExceptionOnly(@ForAll("garbage") String text) {
    try {
      FaultSpec spec = FaultSpec.parse(text);
      // Whatever parsed must print to something that parses to the same spec.
      assertThat(FaultSpec.parse(spec.toString())).isEqualTo(spec);
    } catch (FaultSpecException e) {
      assertThat(e.getMessage()).contains("invalid fault spec item").contains(FaultSpec.GRAMMAR);
    }
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.strings()
        .withChars("latencystatusresethangdribble=0123456789.,@#~-%/ms")
        .ofMaxLength(40);
  }

  @Provide
  Arbitrary<FaultSpec> specs() {
    return Combinators.combine(rule().list().ofMaxSize(6), Arbitraries.longs()).as(FaultSpec::new);
  }

  private Arbitrary<FaultRule> rule() {
    return Combinators.combine(action(), trigger()).as(FaultRule::new);
  }

  private Arbitrary<FaultAction> action() {
    Arbitrary<Duration> millis =
        Arbitraries.longs().between(0, 86_400_000L).map(Duration::ofMillis);
    Arbitrary<Duration> positive =
        Arbitraries.longs().between(1, 86_400_000L).map(Duration::ofMillis);
    return Arbitraries.oneOf(
        Combinators.combine(millis, millis)
            .as((a, b) -> new FaultAction.Latency(min(a, b), max(a, b))),
        Arbitraries.integers().between(400, 599).map(FaultAction.Status::new),
        Arbitraries.longs()
            .between(0, 86_400)
            .map(s -> new FaultAction.TooManyRequests(Duration.ofSeconds(s))),
        Arbitraries.just(new FaultAction.Reset()),
        positive.map(FaultAction.Hang::new),
        Combinators.combine(positive, Arbitraries.integers().between(1, 10_000))
            .as(FaultAction.Dribble::new));
  }

  private Arbitrary<FaultTrigger> trigger() {
    Arbitrary<RequestRange> ranges =
        Arbitraries.oneOf(
            Arbitraries.just(RequestRange.ALL),
            Combinators.combine(
                    Arbitraries.longs().between(1, 1_000_000),
                    Arbitraries.longs().between(0, 1_000_000))
                .as((first, extra) -> new RequestRange(first, first + extra)),
            Arbitraries.longs()
                .between(1, 1_000_000)
                .map(first -> new RequestRange(first, Long.MAX_VALUE)));
    Arbitrary<TimeWindow> windows =
        Arbitraries.oneOf(
            Arbitraries.just(TimeWindow.ALWAYS),
            Combinators.combine(
                    Arbitraries.longs().between(0, 40_000_000L),
                    Arbitraries.longs().between(1, 40_000_000L))
                .as(
                    (start, len) ->
                        new TimeWindow(Duration.ofMillis(start), Duration.ofMillis(start + len))),
            Arbitraries.longs()
                .between(0, 86_400_000L)
                .map(start -> new TimeWindow(Duration.ofMillis(start), null)));
    Arbitrary<Double> rates =
        Arbitraries.oneOf(
            Arbitraries.just(1.0),
            Arbitraries.doubles().between(0.0, 1.0).ofScale(12),
            // full double precision, e.g. 0.30000000000000004
            Arbitraries.randomValue(java.util.Random::nextDouble),
            Arbitraries.integers().between(0, 100).map(p -> p / 100.0));
    return Combinators.combine(ranges, windows, rates).as(FaultTrigger::new);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
