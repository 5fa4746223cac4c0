package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The immutable configuration of a {@link Fallback}; every value is validated here.
 *
 * @param name names the fallback in exceptions and events; not blank
 * @param function makes the fallback result from the failure, or {@code null} for none (a fixed
 *     value is a function that ignores the failure)
 * @param maxStaleness how old a last good result may be and still be served, or {@code null} to not
 *     remember results; positive
 * @param handles which failures fall back [default {@link #DEFAULT_HANDLES}]
 * @param clock ages last-good results [default {@link KeelClock#system()}]
 * @param <R> the result type of the protected calls
 */
public record FallbackConfig<R>(
    String name,
    FallbackFunction<? extends R> function,
    Duration maxStaleness,
    Predicate<? super Throwable> handles,
    KeelClock clock) {

  /**
   * Any {@link Exception} except {@link InterruptedException}: an interrupted caller is being
   * cancelled, and answering it with a fallback would hide that.
   */
  public static final Predicate<Throwable> DEFAULT_HANDLES =
      failure -> failure instanceof Exception && !(failure instanceof InterruptedException);

  /** Validates every field; a bad value fails here, naming the field and the value. */
  public FallbackConfig {
    Objects.requireNonNull(handles, "handles");
    Objects.requireNonNull(clock, "clock");
    Checks.notBlank("name", name);
    if (function == null && maxStaleness == null) {
      throw new IllegalArgumentException(
          "function and maxStaleness must not both be null: give value(..), function(..) or"
              + " lastGood(..)");
    }
    if (maxStaleness != null) {
      Checks.positive("maxStaleness", maxStaleness);
    }
  }
}
