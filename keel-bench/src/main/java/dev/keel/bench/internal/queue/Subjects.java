package dev.keel.bench.internal.queue;

import java.util.List;

/** The subjects by name, in table order. */
final class Subjects {

  /** Every subject the harness knows, in the order they run and appear. */
  static final List<String> ALL =
      List.of(
          "raw", "dbscheduler", "jobrunr", "keel-postgres", "keel-postgres-fast", "keel-sqlite");

  private Subjects() {}

  /** Whether {@code name} keeps its data in a PostgreSQL schema (else a SQLite file). */
  static boolean usesPostgres(String name) {
    return !name.endsWith("sqlite");
  }

  /**
   * The subject {@code name} bound to {@code location}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static QueueSubject open(String name, String location) {
    return switch (name) {
      case "raw" -> new RawSkipLockedSubject(location);
      case "dbscheduler" -> new DbSchedulerSubject(location);
      case "jobrunr" -> new JobRunrSubject(location);
      case "keel-postgres" -> new KeelSubject(KeelSubject.Variant.POSTGRES, location);
      case "keel-postgres-fast" -> new KeelSubject(KeelSubject.Variant.POSTGRES_FAST, location);
      case "keel-sqlite" -> new KeelSubject(KeelSubject.Variant.SQLITE, location);
      default ->
          throw new IllegalArgumentException(
              "unknown queue subject '" + name + "'; known: " + String.join(", ", ALL));
    };
  }

  /** The label of {@code name} in the table. */
  static String label(String name) {
    return switch (name) {
      case "raw" -> "raw SQL `SKIP LOCKED` loop (ceiling)";
      case "dbscheduler" -> "db-scheduler 16.12.0";
      case "jobrunr" -> "JobRunr 8.7.0";
      case "keel-postgres" -> "**Keel**, PostgreSQL";
      case "keel-postgres-fast" -> "**Keel**, PostgreSQL, fast lease commits";
      case "keel-sqlite" -> "**Keel**, SQLite";
      default -> name;
    };
  }
}
