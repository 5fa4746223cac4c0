package dev.keel.http.internal;

import dev.keel.http.DependencyException;
import java.net.http.HttpResponse;

/**
 * What the fallback layer passes around: a response with when it arrived (so a stale one knows its
 * age), or, made by the fallback function, the failure that needs the configured default.
 * Immutable.
 *
 * @param response the dependency's response, or null for a failure
 * @param receivedNanos clock reading when the response arrived
 * @param failure the call's failure, or null for a response
 */
record Answer(HttpResponse<byte[]> response, long receivedNanos, DependencyException failure) {

  static Answer failed(DependencyException failure) {
    return new Answer(null, 0, failure);
  }
}
