package dev.keel.bench.internal.queue;

/**
 * One queue implementation under test, bound to its own storage {@code location} (a fresh
 * PostgreSQL schema or a SQLite file). The worker process calls {@link #create()}, enqueues, starts
 * workers and closes; the remote enqueuer process only opens an {@link Enqueuer} on the same
 * location.
 */
interface QueueSubject extends AutoCloseable {

  /** Creates the subject's tables in its location. */
  void create() throws Exception;

  /** Opens a thread-safe enqueuer; works in any process once {@link #create()} has run. */
  Enqueuer openEnqueuer() throws Exception;

  /** Starts {@code workers} workers that run {@link Probe#ran(int)} for each job. */
  void startWorkers(int workers) throws Exception;

  /**
   * Whether the latency phase enqueues from another JVM (true: wake-ups must cross processes) or
   * from this one (for stores that are one process per file).
   */
  default boolean enqueuesFromAnotherProcess() {
    return true;
  }

  /** Jobs enqueued but not yet finished (committed as done) according to the store. */
  long remaining() throws Exception;

  /** How the subject is configured, for the table. */
  String settings();

  /** Stops the workers and releases connections; storage is dropped by the caller. */
  @Override
  void close() throws Exception;

  /** Enqueues one job at a time; returns after the job is committed. Thread-safe. */
  interface Enqueuer extends AutoCloseable {
    /** Enqueues the no-op job numbered {@code index}. */
    void enqueue(int index) throws Exception;
  }
}
