package dev.keel.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.jobs.AttemptError;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobState;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Checks on one job, read when {@link JobsTestSupport#expectJob(long)} was called. Each check
 * returns this for chaining and throws {@link AssertionError} with the job's summary when it does
 * not hold. Works with any assertion library (the errors are plain {@code AssertionError}s).
 *
 * <p>Not thread-safe; a snapshot, it does not refresh.
 */
public final class JobExpectation {

  private final Job job;
  private final ObjectMapper mapper;

  JobExpectation(Job job, ObjectMapper mapper) {
    this.job = job;
    this.mapper = mapper;
  }

  /** The job as read. */
  public Job job() {
    return job;
  }

  /** The error of the last failed attempt. */
  public AttemptError lastError() {
    if (job.errors().isEmpty()) {
      throw fail("expected at least one recorded error");
    }
    return job.errors().getLast();
  }

  /** The job is in {@code state}. */
  public JobExpectation hasState(JobState state) {
    if (job.state() != state) {
      throw fail("expected state " + state.dbName());
    }
    return this;
  }

  /** The job completed. */
  public JobExpectation isCompleted() {
    return hasState(JobState.COMPLETED);
  }

  /** The job failed and waits for another attempt. */
  public JobExpectation isRetrying() {
    return hasState(JobState.RETRYING);
  }

  /**
   * The job is in the DLQ with a complete envelope: its payload, a finish (dead-lettered) time not
   * before it was enqueued, and for every attempt from 1 to {@link Job#attempt()} a recorded error
   * with a type, a worker id and a failure time.
   */
  public JobExpectation isDead() {
    hasState(JobState.DEAD);
    if (job.payloadJson() == null || job.payloadJson().isEmpty()) {
      throw fail("a dead job must keep its payload");
    }
    if (job.finishedAt() == null || job.finishedAt().isBefore(job.enqueuedAt())) {
      throw fail("a dead job must have a dead-lettered time after its enqueue time");
    }
    for (int attempt = 1; attempt <= job.attempt(); attempt++) {
      int a = attempt;
      AttemptError e =
          job.errors().stream().filter(x -> x.attempt() == a).reduce((x, y) -> y).orElse(null);
      if (e == null) {
        throw fail("the DLQ envelope has no error for attempt " + a);
      }
      if (e.type() == null || e.type().isBlank() || e.failedAt() == null || e.workerId() == null) {
        throw fail("the error of attempt " + a + " lacks its type, failure time or worker: " + e);
      }
    }
    return this;
  }

  /** The job has been attempted exactly {@code attempts} times (since its last DLQ replay). */
  public JobExpectation hasAttempts(int attempts) {
    if (job.attempt() != attempts) {
      throw fail("expected " + attempts + " attempts");
    }
    return this;
  }

  /** The recorded errors' types, oldest first, are exactly {@code types}. */
  public JobExpectation hasErrorTypes(String... types) {
    List<String> actual = job.errors().stream().map(AttemptError::type).toList();
    if (!actual.equals(Arrays.asList(types))) {
      throw fail("expected error types " + Arrays.toString(types) + " but were " + actual);
    }
    return this;
  }

  /** The last recorded error's message contains {@code text}. */
  public JobExpectation hasLastErrorMessageContaining(String text) {
    String message = lastError().message();
    if (message == null || !message.contains(text)) {
      throw fail("expected the last error message to contain \"" + text + "\"");
    }
    return this;
  }

  /** The stored result equals {@code json} as JSON (key order and spacing do not matter). */
  public JobExpectation hasResult(String json) {
    if (!sameJson(job.resultJson(), json)) {
      throw fail("expected result " + json + " but was " + job.resultJson());
    }
    return this;
  }

  /** The payload equals {@code json} as JSON. */
  public JobExpectation hasPayload(String json) {
    if (!sameJson(job.payloadJson(), json)) {
      throw fail("expected payload " + json + " but was " + job.payloadJson());
    }
    return this;
  }

  private boolean sameJson(String actual, String expected) {
    if (actual == null || expected == null) {
      return Objects.equals(actual, expected);
    }
    try {
      JsonNode a = mapper.readTree(actual);
      JsonNode e = mapper.readTree(expected);
      return a.equals(e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private AssertionError fail(String what) {
    return new AssertionError(
        what
            + "; job "
            + job.id()
            + " ("
            + job.type()
            + ") is "
            + job.state().dbName()
            + " after "
            + job.attempt()
            + "/"
            + job.maxAttempts()
            + " attempts, errors "
            + job.errors().stream().map(e -> e.attempt() + ":" + e.type()).toList());
  }
}
