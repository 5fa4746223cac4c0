package dev.keel.core;

/** What a {@link Fallback} reports to its listeners. Built only when a listener is registered. */
public sealed interface FallbackEvent {

  /** The fallback's name. */
  String name();

  /**
   * A failure was answered with a fallback result.
   *
   * @param name the fallback
   * @param cause the call's failure
   * @param stale whether the result was the last good result (true) or made by the value or
   *     function (false)
   */
  record FallbackUsed(String name, Throwable cause, boolean stale) implements FallbackEvent {}

  /**
   * A handled failure found no fallback (no last good result fresh enough, and no value or
   * function) and was rethrown.
   *
   * @param name the fallback
   * @param cause the call's failure
   */
  record FallbackUnavailable(String name, Throwable cause) implements FallbackEvent {}
}
