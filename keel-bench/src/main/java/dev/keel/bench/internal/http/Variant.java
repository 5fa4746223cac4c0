package dev.keel.bench.internal.http;

/** The clients measured side by side. */
enum Variant {
  /**
   * The bare JDK client built as {@code KeelHttpClient} builds its own: HTTP/1.1, connect timeout 2
   * s, no redirects, a virtual thread per task as its executor; each request with a 10 s timeout.
   * The difference to {@link #KEEL} is Keel's layers and nothing else.
   */
  JDK("bare JDK `HttpClient`, configured as Keel's own"),
  /**
   * {@link #JDK} with its caller writing the request line a user would write for it (method, URL
   * without the query, status, milliseconds) to the logger {@link Clients#CALLER_LOGGER}, which
   * logs like Keel's request logger: so Keel ÷ this is the cost of Keel's layers when both log.
   */
  JDK_LOGGED("bare JDK `HttpClient` as Keel's, its caller logging the same line"),
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
