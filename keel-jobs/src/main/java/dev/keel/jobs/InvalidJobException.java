package dev.keel.jobs;

/**
 * An enqueue or lease request was malformed: the message names the field, the bad value and what to
 * do. Nothing was written.
 */
public class InvalidJobException extends IllegalArgumentException {

  private final String field;

  /** Field {@code field} was invalid, as {@code message} explains. */
  public InvalidJobException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The field that was invalid, e.g. {@code "queue"} or {@code "payload"}. */
  public String field() {
    return field;
  }
}
