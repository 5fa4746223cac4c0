package dev.keel.testkit;

import java.util.Objects;

/**
 * One fault and when it fires: {@code status=503#1-5} is a {@link FaultAction.Status} with a {@link
 * FaultTrigger} for requests 1 to 5.
 *
 * <p>Immutable and thread-safe.
 *
 * @param action what the fault does
 * @param trigger when it fires [{@link FaultTrigger#ALWAYS}]
 */
public record FaultRule(FaultAction action, FaultTrigger trigger) {

  /** Validates that both parts are present. */
  public FaultRule {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(trigger, "trigger");
  }

  /** A rule that fires on every request. */
  public static FaultRule always(FaultAction action) {
    return new FaultRule(action, FaultTrigger.ALWAYS);
  }

  /** The SPEC form, e.g. {@code latency=200ms@0.5}. */
  @Override
  public String toString() {
    return action.toString() + trigger;
  }
}
