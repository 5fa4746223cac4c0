package dev.keel.jobs;

import java.util.List;

/**
 * Parameters of {@link JobStore#jobCompleteMany}: acknowledgements applied in one statement.
 *
 * @param acks the completions
 */
public record JobCompleteManyParams(List<JobAck> acks) {

  /** Copies the list. */
  public JobCompleteManyParams {
    acks = List.copyOf(acks);
  }
}
