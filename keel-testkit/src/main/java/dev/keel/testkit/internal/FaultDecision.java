package dev.keel.testkit.internal;

import dev.keel.testkit.FaultAction;
import dev.keel.testkit.FaultRule;
import java.util.List;

/**
 * What happens to one request.
 *
 * @param requestNumber the request's number since the faults were set, from 1
 * @param fired the rules that fired, in SPEC order
 * @param delayMillis the total added delay (latency plus hang)
 * @param replacement the reset, status or 429 that replaces the response, or null
 * @param dribble the slow-body fault, or null
 */
public record FaultDecision(
    long requestNumber,
    List<FaultRule> fired,
    long delayMillis,
    FaultAction replacement,
    FaultAction.Dribble dribble) {

  /** Copies the list. */
  public FaultDecision {
    fired = List.copyOf(fired);
  }
}
