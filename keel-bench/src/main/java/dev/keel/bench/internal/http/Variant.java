package dev.keel.bench.internal.http;

/** The clients measured side by side. */
enum Variant {
  /**
   * The bare JDK client built as {@code KeelHttpClient} builds its own: HTTP/1.1, connect timeout 2
   * s, no redirects, a virtual thread per task as its executor; each request with a 10 s timeout.
   * The difference to {@link #KEEL} is Keel's layers and nothing else.
   */
  JDK("bare JDK `HttpClient`, configured as Keel's own"),
  /** The bare JDK client with the builder's defaults (HTTP/1.1 asked for), for context. */
  JDK_DEFAULTS("bare JDK `HttpClient`, default executor"),
  /** {@code KeelHttpClient} with its defaults and a Prometheus registry. */
  KEEL("`KeelHttpClient` (defaults: 3 attempts, breaker, bulkhead)");

  private final String label;

  Variant(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
