package dev.keel.core;

/** What a {@link Bulkhead} reports to its listeners. Built only when a listener is registered. */
public sealed interface BulkheadEvent {

  /** The bulkhead's name. */
  String name();

  /**
   * A call got a permit.
   *
   * @param name the bulkhead
   * @param availablePermits permits left after this one
   */
  record Permitted(String name, int availablePermits) implements BulkheadEvent {}

  /**
   * A call was refused.
   *
   * @param name the bulkhead
   * @param maxConcurrent its limit
   */
  record Rejected(String name, int maxConcurrent) implements BulkheadEvent {}

  /**
   * A call finished and gave its permit back.
   *
   * @param name the bulkhead
   */
  record Released(String name) implements BulkheadEvent {}
}
