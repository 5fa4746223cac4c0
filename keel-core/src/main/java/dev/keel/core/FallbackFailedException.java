package dev.keel.core;

import java.util.Objects;

/**
 * Thrown by a {@link Fallback} whose fallback function itself failed. The function's failure is the
 * {@linkplain #getCause() cause}; the call's original failure is attached as {@linkplain
 * #getSuppressed() suppressed}. Immutable once thrown.
 */
public final class FallbackFailedException extends RuntimeException {

  private final String fallbackName;

  /**
   * @param fallbackName the fallback whose function failed
   * @param cause the function's failure
   * @param original the call's failure that the function was answering
   */
  public FallbackFailedException(String fallbackName, Throwable cause, Throwable original) {
    super("fallback '" + fallbackName + "' failed: " + cause, cause);
    this.fallbackName = Objects.requireNonNull(fallbackName, "fallbackName");
    if (original != null) {
      addSuppressed(original);
    }
  }

  /** The name of the fallback whose function failed. */
  public String fallbackName() {
    return fallbackName;
  }
}
