package dev.keel.jobs;

import java.time.Instant;

/**
 * Selects dead jobs. Every field is optional (null matches everything).
 *
 * @param queue only this queue
 * @param type only this job type
 * @param errorType only jobs whose last error has this type (e.g. an exception class name)
 * @param since dead-lettered at or after this instant
 * @param until dead-lettered before this instant
 */
public record DlqFilter(String queue, String type, String errorType, Instant since, Instant until) {

  /** Matches every dead job. */
  public static final DlqFilter ALL = new DlqFilter(null, null, null, null, null);

  /** A filter on one queue. */
  public static DlqFilter queue(String queue) {
    return new DlqFilter(queue, null, null, null, null);
  }
}
