package dev.keel.core;

/**
 * Makes a fallback result from a failure; may throw, which ends in {@link FallbackFailedException}.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface FallbackFunction<R> {

  /**
   * The result to return instead of {@code failure}.
   *
   * @throws Exception when no fallback result can be made
   */
  R apply(Throwable failure) throws Exception;
}
