package dev.keel.bench.internal.server;

import dev.keel.bench.internal.load.LoadResult;

/**
 * One line of the table: one store and one operation, the in-process library beside the HTTP API.
 *
 * @param store "SQLite" or "PostgreSQL"
 * @param operation what one call is ("enqueue", "lease→complete")
 * @param library the in-process keel-jobs run
 * @param http the same operation over the HTTP API on loopback
 */
record ServerRow(String store, String operation, LoadResult library, LoadResult http) {

  /** Library throughput ÷ HTTP throughput: how many times slower the HTTP path is. */
  double cost() {
    return library.perSecond() / http.perSecond();
  }

  /** Errors on both sides. */
  long errors() {
    return library.errors() + http.errors();
  }
}
