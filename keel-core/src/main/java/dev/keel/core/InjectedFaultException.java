package dev.keel.core;

/**
 * The exception {@link Fault#failure()} injects: a failure made on purpose by {@link
 * FaultInjection}, for tests and game days.
 */
public final class InjectedFaultException extends RuntimeException {

  /**
   * @param message what was injected
   */
  public InjectedFaultException(String message) {
    super(message);
  }
}
