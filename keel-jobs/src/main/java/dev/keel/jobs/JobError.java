package dev.keel.jobs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * What went wrong in one attempt, as recorded in the job's envelope.
 *
 * @param type the error type, usually an exception class name; never blank
 * @param message the message, may be empty
 * @param stack the stack trace, may be empty (cut to {@link #MAX_STACK_CHARS})
 */
public record JobError(String type, String message, String stack) {

  /** Longest stack trace stored per attempt; longer ones are cut. */
  public static final int MAX_STACK_CHARS = 16_384;

  /** Validates the fields; {@code message} and {@code stack} may be null (stored as empty). */
  public JobError {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("error type must not be blank");
    }
    if (type.length() > 512) {
      type = type.substring(0, 512);
    }
    message = message == null ? "" : message;
    if (message.length() > 4096) {
      message = message.substring(0, 4096);
    }
    stack = stack == null ? "" : stack;
    if (stack.length() > MAX_STACK_CHARS) {
      stack = stack.substring(0, MAX_STACK_CHARS);
    }
  }

  /** The error of a thrown exception: class name, message and stack trace. */
  public static JobError of(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return new JobError(error.getClass().getName(), error.getMessage(), out.toString());
  }
}
