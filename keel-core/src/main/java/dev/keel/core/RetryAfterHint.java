package dev.keel.core;

import java.time.Duration;
import java.util.Optional;

/** An exception that knows when a retry may succeed. */
public interface RetryAfterHint {

  /** How long to wait before a retry may succeed, when known. */
  Optional<Duration> retryAfter();
}
