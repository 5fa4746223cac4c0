package dev.keel.core;

/**
 * Something that happened in a {@link PolicyRegistry}, delivered to listeners added with {@link
 * PolicyRegistry#onEvent}: an instance was created, or one was dropped from the registry. A dropped
 * instance keeps working for whoever still holds it; the registry just no longer hands it out.
 *
 * <p>All implementations are immutable records.
 */
public sealed interface PolicyRegistryEvent {

  /** The kind of the instance. */
  PolicyRegistry.Kind kind();

  /** The instance's name: its registry name, or {@code configName:key} for a keyed instance. */
  String name();

  /** The instance. */
  Policy policy();

  /** Whether the instance is keyed (evictable) rather than named. */
  boolean keyed();

  /**
   * The registry created an instance on first lookup, or as the replacement of a reconfigured one.
   *
   * @param kind its kind
   * @param name its name
   * @param policy the instance
   * @param keyed whether it is keyed
   */
  record Added(PolicyRegistry.Kind kind, String name, Policy policy, boolean keyed)
      implements PolicyRegistryEvent {}

  /**
   * The registry dropped an instance.
   *
   * @param kind its kind
   * @param name its name
   * @param policy the instance
   * @param keyed whether it is keyed
   * @param reason why
   */
  record Removed(PolicyRegistry.Kind kind, String name, Policy policy, boolean keyed, Reason reason)
      implements PolicyRegistryEvent {}

  /** Why an instance was dropped. */
  enum Reason {
    /** A keyed instance was not looked up for {@code idleTimeout}. */
    IDLE,
    /** A keyed instance was the least recently used when {@code maxKeyedInstances} was reached. */
    CAPACITY,
    /** Its configuration was replaced; an {@link Added} event follows for the replacement. */
    RECONFIGURED
  }
}
