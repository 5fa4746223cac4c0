package dev.keel.server.internal.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem: the body of every error answer, as {@code application/problem+json}.
 *
 * @param type stable URI naming the kind of problem (clients branch on it)
 * @param title short summary that does not change between occurrences
 * @param status the HTTP status
 * @param detail what was wrong with this request and what to do about it
 * @param errors the fields at fault, empty when none is
 * @param headers extra response headers (e.g. {@code Retry-After})
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    List<FieldError> errors,
    Map<String, String> headers) {

  /** The problem document media type. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Base of every {@code type} URI. */
  public static final String TYPE_BASE = "https://keel.dev/problems/";

  /** Copies the lists; never null. */
  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    errors = List.copyOf(errors);
    headers = Map.copyOf(headers);
  }

  /** One field at fault: a JSON pointer-ish path ({@code payload}, {@code jobs[2].type}). */
  public record FieldError(String field, String message) {}

  /** Thrown by handlers to answer with {@code problem}; carries no stack trace. */
  public static final class Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    /** Wraps {@code problem}. */
    public Exception(Problem problem) {
      super(problem.title() + ": " + problem.detail(), null, false, false);
      this.problem = problem;
    }

    /** The answer to send. */
    public Problem problem() {
      return problem;
    }
  }

  /** This problem as a throwable. */
  public Exception toException() {
    return new Exception(this);
  }
}
