package dev.keel.server.internal.api;

import dev.keel.jobs.QueueConfig;
import dev.keel.server.internal.http.Problems;
import io.javalin.http.Context;

/** Path parameters shared by the routes. */
final class ApiSupport {

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
}
