package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a {@link FaultInjection} does to a call it picks, named after Polly Simmy's chaos
 * strategies: {@link Latency} ("chaos latency": delay, then make the call), {@link Failure} ("chaos
 * fault": throw instead of calling) and {@link Outcome} ("chaos outcome": return a chosen result
 * instead of calling). Immutable.
 */
public sealed interface Fault {

  /** Delay the call by {@code delay}, then make it. */
  static Fault latency(Duration delay) {
    return new Latency(delay);
  }

  /** Throw what {@code exception} makes (a fresh exception per call) instead of calling. */
  static Fault failure(Supplier<? extends Exception> exception) {
    return new Failure(exception);
  }

  /** Throw {@link InjectedFaultException} instead of calling. */
  static Fault failure() {
    return new Failure(() -> new InjectedFaultException("injected fault"));
  }

  /** Return {@code value} (which may be {@code null}) instead of calling. */
  static Fault outcome(Object value) {
    return new Outcome(value);
  }

  /**
   * Adds latency.
   *
   * @param delay how long to wait before the call; zero or positive
   */
  record Latency(Duration delay) implements Fault {
    /** Validates the delay. */
    public Latency {
      Checks.notNegative("delay", delay);
    }
  }

  /**
   * Throws.
   *
   * @param exception makes the exception to throw, one per injected call
   */
  record Failure(Supplier<? extends Exception> exception) implements Fault {
    /** Validates the supplier. */
    public Failure {
      Objects.requireNonNull(exception, "exception");
    }
  }

  /**
   * Returns a chosen result; it is cast to the call's result type.
   *
   * @param value the result
   */
  record Outcome(Object value) implements Fault {}
}
