package dev.keel.core.internal;

import dev.keel.core.RetryAfterHint;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for exceptions crossing asynchronous boundaries. Stateless. */
public final class Throwables {

  /** How deep {@link #retryAfterHint} looks along a cause chain. */
  private static final int MAX_CAUSE_DEPTH = 8;

  private Throwables() {}

  /**
   * The exception a {@code CompletionStage} failed with, without the {@link CompletionException} or
   * {@link ExecutionException} wrappers that dependent stages add.
   */
  public static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * The first retry-after hint found on {@code error} or its causes (at most {@value
   * #MAX_CAUSE_DEPTH} deep), or empty.
   */
  public static Optional<Duration> retryAfterHint(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (current instanceof RetryAfterHint hint) {
        Optional<Duration> value = hint.retryAfterHint();
        if (value != null && value.isPresent() && !value.get().isNegative()) {
          return value;
        }
      }
      if (current.getCause() == current) {
        break;
      }
      current = current.getCause();
    }
    return Optional.empty();
  }
}
