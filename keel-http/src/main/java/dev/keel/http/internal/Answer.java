package dev.keel.http.internal;

import java.net.http.HttpResponse;

/**
 * What a call's pipeline returns: the dependency's response with when it arrived (so that, kept as
 * a last good response, it knows its age), or, made by an optional dependency's fallback, the
 * failure that {@link Degradation} answers. Immutable.
 *
 * @param response the dependency's response, or null for a failure
 * @param receivedNanos clock reading when the response arrived
 * @param failure the call's failure (a {@code DependencyException} or a keel-core refusal), or null
 *     for a response
 */
record Answer(HttpResponse<byte[]> response, long receivedNanos, Throwable failure) {

  static Answer fresh(HttpResponse<byte[]> response, long receivedNanos) {
    return new Answer(response, receivedNanos, null);
  }

  static Answer failed(Throwable failure) {
    return new Answer(null, 0, failure);
  }
}
