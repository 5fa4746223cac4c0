package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FallbackTest {

  private final ManualClock clock = new ManualClock();

  private static Callable<String> failingWith(Exception failure) {
    return () -> {
      throw failure;
    };
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aValueAnswersAnyException(Mode mode) throws Exception {
    Fallback<String> fallback = Fallback.of("cached page");

    assertThat(mode.call(fallback, failingWith(new IOException("down")))).isEqualTo("cached page");
    assertThat(mode.call(fallback, () -> "live page")).isEqualTo("live page");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFunctionSeesTheFailure(Mode mode) throws Exception {
    Fallback<String> fallback = Fallback.ofFunction(failure -> "degraded: " + failure.getMessage());

    assertThat(mode.call(fallback, failingWith(new IOException("down"))))
        .isEqualTo("degraded: down");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void policyRefusalsFallBackByDefault(Mode mode) throws Exception {
    Fallback<String> fallback = Fallback.of("busy page");

    assertThat(
            mode.call(
                fallback, failingWith(new RateLimitedException("api", Duration.ofSeconds(1)))))
        .isEqualTo("busy page");
    assertThat(mode.call(fallback, failingWith(new BulkheadFullException("db", 5, Duration.ZERO))))
        .isEqualTo("busy page");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenARecentGoodResultWhenTheCallFailsThenTheStaleResultIsServed(Mode mode)
      throws Exception {
    Fallback<String> fallback =
        Fallback.<String>builder("prices").lastGood(Duration.ofMinutes(5)).clock(clock).build();
    List<FallbackEvent> events = new CopyOnWriteArrayList<>();
    fallback.onEvent(events::add);
    IOException down = new IOException("down");

    assertThat(mode.call(fallback, () -> "v1")).isEqualTo("v1");
    assertThat(mode.call(fallback, () -> "v2")).isEqualTo("v2");
    clock.advance(Duration.ofMinutes(5));

    assertThat(mode.call(fallback, failingWith(down))).isEqualTo("v2");
    assertThat(events).containsExactly(new FallbackEvent.FallbackUsed("prices", down, true));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenATooOldGoodResultWhenTheCallFailsThenTheOriginalFailureIsRethrown(Mode mode)
      throws Exception {
    Fallback<String> fallback =
        Fallback.<String>builder("prices").lastGood(Duration.ofMinutes(5)).clock(clock).build();
    List<FallbackEvent> events = new CopyOnWriteArrayList<>();
    fallback.onEvent(events::add);
    IOException down = new IOException("down");
    assertThat(mode.call(fallback, () -> "v1")).isEqualTo("v1");

    clock.advance(Duration.ofMinutes(5).plusNanos(1));

    assertThatThrownBy(() -> mode.call(fallback, failingWith(down))).isSameAs(down);
    assertThat(events).containsExactly(new FallbackEvent.FallbackUnavailable("prices", down));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void givenNoGoodResultYetThenTheOriginalFailureIsRethrown(Mode mode) {
    Fallback<String> fallback = Fallback.lastGood(Duration.ofMinutes(5));
    IOException down = new IOException("down");

    assertThatThrownBy(() -> mode.call(fallback, failingWith(down))).isSameAs(down);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void lastGoodComesFirstThenTheValueOnceTooStale(Mode mode) throws Exception {
    Fallback<String> fallback =
        Fallback.<String>builder("prices")
            .lastGood(Duration.ofSeconds(10))
            .value("static default")
            .clock(clock)
            .build();
    List<FallbackEvent> events = new CopyOnWriteArrayList<>();
    fallback.onEvent(events::add);
    IOException down = new IOException("down");
    mode.call(fallback, () -> "fresh");

    assertThat(mode.call(fallback, failingWith(down))).isEqualTo("fresh");
    clock.advance(Duration.ofSeconds(11));
    assertThat(mode.call(fallback, failingWith(down))).isEqualTo("static default");

    assertThat(events)
        .containsExactly(
            new FallbackEvent.FallbackUsed("prices", down, true),
            new FallbackEvent.FallbackUsed("prices", down, false));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void failuresThePredicateRejectsPassThrough(Mode mode) throws Exception {
    Fallback<String> fallback =
        Fallback.<String>builder("only-io")
            .value("fallback")
            .handles(failure -> failure instanceof IOException)
            .build();
    IllegalArgumentException bug = new IllegalArgumentException("bug");

    assertThatThrownBy(() -> mode.call(fallback, failingWith(bug))).isSameAs(bug);
    assertThat(mode.call(fallback, failingWith(new IOException("down")))).isEqualTo("fallback");
  }

  @Test
  void errorsAndInterruptionAreNotHandledByDefault() {
    Fallback<String> fallback = Fallback.of("fallback");
    InterruptedException interrupted = new InterruptedException();

    assertThatThrownBy(() -> fallback.call(failingWith(interrupted))).isSameAs(interrupted);
    assertThatThrownBy(
            () ->
                fallback.call(
                    () -> {
                      throw new StackOverflowError("deep");
                    }))
        .isInstanceOf(StackOverflowError.class);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFallbackFunctionThatFailsSaysSoAndKeepsTheOriginalFailure(Mode mode) {
    IOException down = new IOException("down");
    Fallback<String> fallback =
        Fallback.<String>builder("fn")
            .function(
                failure -> {
                  throw new IllegalStateException("no default either");
                })
            .build();

    assertThatThrownBy(() -> mode.call(fallback, failingWith(down)))
        .isInstanceOfSatisfying(
            FallbackFailedException.class,
            e -> {
              assertThat(e.fallbackName()).isEqualTo("fn");
              assertThat(e.getCause()).hasMessage("no default either");
              assertThat(e.getSuppressed()).containsExactly(down);
            });
  }

  @Test
  void anAsyncSupplierThatThrowsFallsBack() throws Exception {
    Fallback<String> fallback = Fallback.of("fallback");

    String result =
        fallback
            .<String>callAsync(
                () -> {
                  throw new IllegalStateException("could not start");
                })
            .toCompletableFuture()
            .get();

    assertThat(result).isEqualTo("fallback");
  }

  @Test
  void aThrowingListenerBreaksNothing() throws Exception {
    Fallback<String> fallback = Fallback.of("fallback");
    fallback.onEvent(
        e -> {
          throw new IllegalStateException("listener bug");
        });

    assertThat(fallback.call(failingWith(new IOException("down")))).isEqualTo("fallback");
  }

  @Test
  void badConfigurationNamesTheField() {
    assertThatThrownBy(() -> Fallback.builder("f").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("function and maxStaleness must not both be null");
    assertThatThrownBy(() -> Fallback.lastGood(Duration.ZERO))
        .hasMessageContaining("maxStaleness must be positive, was PT0S");
    assertThatThrownBy(() -> Fallback.<String>builder(" ").value("x").build())
        .hasMessageContaining("name must not be blank");
  }
}
