package dev.keel.testkit;

import java.time.Instant;
import java.util.List;

/**
 * One request the mock received, as a summary of WireMock's serve event plus what the fault
 * injector did to it. Admin calls to {@code /__keel/*} are not journaled.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id WireMock's serve event id (also visible at {@code /__admin/requests})
 * @param requestNumber the request's number since the faults were last set, from 1
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param matched whether a stub matched
 * @param status the status WireMock logged for the response (for a reset, the stub's status)
 * @param faults the fired rules in SPEC form, empty when none fired
 * @param addedDelayMillis the delay WireMock applied, in milliseconds (0 when none)
 * @param totalMillis WireMock's total serve time in milliseconds, or -1 while the response is still
 *     being sent
 * @param loggedAt when WireMock received the request
 */
public record JournalEntry(
    String id,
    long requestNumber,
    String method,
    String path,
    boolean matched,
    int status,
    List<String> faults,
    long addedDelayMillis,
    long totalMillis,
    Instant loggedAt) {

  /** Copies the fault list. */
  public JournalEntry {
    faults = List.copyOf(faults);
  }

  /** Whether any fault fired on this request. */
  public boolean faulted() {
    return !faults.isEmpty();
  }

  /**
   * Whether a fault of {@code kind} fired, e.g. {@code "status"}, {@code "reset"}, {@code "429"}.
   */
  public boolean faulted(String kind) {
    for (String f : faults) {
      if (f.startsWith(kind)
          && (f.length() == kind.length() || "=@#~".indexOf(f.charAt(kind.length())) >= 0)) {
        return true;
      }
    }
    return false;
  }
}
