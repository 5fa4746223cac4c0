package dev.keel.server.internal.api;

import dev.keel.jobs.InvalidJobException;
import dev.keel.jobs.JobStoreException;
import dev.keel.jobs.LeaseLostException;
import dev.keel.jobs.PayloadTooLargeException;
import dev.keel.jobs.QueueConfig;
import dev.keel.jobs.RateLimitedException;
import dev.keel.server.internal.http.Problem;
import dev.keel.server.internal.http.Problems;
import io.javalin.http.Context;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Path parsing and the mapping of keel-jobs' exceptions to problems. */
final class ApiSupport {

  private static final Logger LOG = LoggerFactory.getLogger(ApiSupport.class);

  private ApiSupport() {}

  /** The {@code {id}} path parameter as a job id. */
  static long jobId(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw Problems.validation("id", "must be a positive whole number (a job id)").toException();
  }

  /** The {@code {queue}} path parameter, checked against the queue-name rule. */
  static String queue(Context ctx) {
    String q = ctx.pathParam("queue");
    if (!QueueConfig.NAME.matcher(q).matches()) {
      throw Problems.validation(
              "queue", "must be 1-64 characters of letters, digits, '.', '_' or '-'")
          .toException();
    }
    return q;
  }

  /**
   * Runs a call into keel-jobs, turning its exceptions into problems.
   *
   * @throws Problem.Exception 400, 409, 413, 429 or 503
   */
  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (PayloadTooLargeException e) {
      throw Problems.of(
              "payload-too-large",
              "Payload too large",
              413,
              e.getMessage(),
              java.util.List.of(new Problem.FieldError("payload", e.getMessage())),
              java.util.Map.of())
          .toException();
    } catch (InvalidJobException e) {
      throw Problems.validation(e.field(), e.getMessage()).toException();
    } catch (RateLimitedException e) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      throw Problems.rateLimited(e.getMessage(), seconds).toException();
    } catch (LeaseLostException e) {
      throw Problems.conflict("lease-lost", "Lease lost", e.getMessage()).toException();
    } catch (JobStoreException e) {
      LOG.warn("job store call failed: {}", e.toString());
      throw Problems.unavailable(
              "store-unavailable",
              "the job store is not reachable right now; nothing was changed, retry later",
              5)
          .toException();
    }
  }
}
