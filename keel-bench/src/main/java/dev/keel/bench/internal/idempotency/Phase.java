package dev.keel.bench.internal.idempotency;

/** What is measured, in the order of the table. */
enum Phase {
  NONE("no idempotency (the handler alone)"),
  MEMORY_FIRST("in-memory store, first requests (unique keys)"),
  MEMORY_REPLAY("in-memory store, replays (repeated keys)"),
  REDIS_FIRST("Redis store, first requests (unique keys)"),
  REDIS_REPLAY("Redis store, replays (repeated keys)");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  boolean redis() {
    return this == REDIS_FIRST || this == REDIS_REPLAY;
  }

  boolean replay() {
    return this == MEMORY_REPLAY || this == REDIS_REPLAY;
  }
}
