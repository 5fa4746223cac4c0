package dev.keel.http;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client's recent calls looked like, for dashboards and incident notes: the latest failure
 * and when it happened, and when the latest call succeeded. Complements keel-core's {@link
 * dev.keel.core.DependencyHealth}, which says whether the dependency is up, degraded or down but
 * not what went wrong last: a critical dependency stays {@code UP} after one failed call (only an
 * open breaker makes it {@code DOWN}), and this is where that failure can still be seen.
 *
 * <p>Immutable. Taken without locking: a snapshot may mix the news of two calls that ended at the
 * same moment.
 *
 * @param lastFailure the message of the latest failed call, if there was one
 * @param lastFailureAt when the latest failed call ended (wall clock), if there was one
 * @param lastSuccessAt when the latest call answered by the dependency itself ended (wall clock, to
 *     within a millisecond), if there was one
 */
public record RecentCalls(
    Optional<String> lastFailure,
    Optional<Instant> lastFailureAt,
    Optional<Instant> lastSuccessAt) {

  /** Validates that no component is null. */
  public RecentCalls {
    Objects.requireNonNull(lastFailure, "lastFailure");
    Objects.requireNonNull(lastFailureAt, "lastFailureAt");
    Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
  }
}
