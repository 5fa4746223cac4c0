package dev.keel.http.internal;

/** The logger of client-level events (breaker transitions, refusals). */
final class KeelHttpClientLogger {

  /** Logger name for events about a dependency as a whole, not one request. */
  static final String NAME = "dev.keel.http.KeelHttpClient";

  private KeelHttpClientLogger() {}
}
