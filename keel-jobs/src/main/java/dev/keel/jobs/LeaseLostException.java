package dev.keel.jobs;

/**
 * The lease presented is not the job's current lease: it expired and the job was rescued (and
 * perhaps claimed by another worker), it was released, or the token is simply wrong. Nothing was
 * written. The worker must stop working on the job and must not report its outcome again.
 */
public class LeaseLostException extends RuntimeException {

  private final long jobId;

  /** A lost lease on job {@code jobId}. */
  public LeaseLostException(long jobId) {
    super(
        "lease lost for job "
            + jobId
            + ": the job is no longer running under this lease token (expired and rescued,"
            + " released, finished, or the token is wrong); stop working on it");
    this.jobId = jobId;
  }

  /** The job whose lease was lost. */
  public long jobId() {
    return jobId;
  }
}
