package dev.keel.core;

/**
 * What a {@link FaultInjection} reports to its listeners. Built only when a listener is registered.
 */
public sealed interface FaultInjectionEvent {

  /** The policy's name. */
  String name();

  /**
   * A call got a fault.
   *
   * @param name the policy
   * @param fault the fault injected
   */
  record FaultInjected(String name, Fault fault) implements FaultInjectionEvent {}
}
