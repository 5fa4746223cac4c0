package dev.keel.core;

import java.time.Duration;

/** What a {@link Timeout} reports to its listeners. Built only when a listener is registered. */
public sealed interface TimeoutEvent {

  /** The timeout's name. */
  String name();

  /**
   * A call ran out of time and its work was interrupted or cancelled.
   *
   * @param name the timeout
   * @param limit the limit that applied
   */
  record TimedOut(String name, Duration limit) implements TimeoutEvent {}

  /**
   * An outer deadline left less than the configured timeout, so the call got only what was left.
   *
   * @param name the timeout
   * @param configured the configured timeout
   * @param effective the limit applied
   */
  record DeadlineInherited(String name, Duration configured, Duration effective)
      implements TimeoutEvent {}
}
