package dev.keel.http.internal;

/** Small pieces of the messages of Keel's HTTP exceptions. Stateless. */
final class Messages {

  private Messages() {}

  /** "after 1 attempt", "after 3 attempts". */
  static String afterAttempts(int attempts) {
    return attempts == 1 ? "after 1 attempt" : "after " + attempts + " attempts";
  }

  /** The class and message of an I/O failure, e.g. "ConnectException: Connection refused". */
  static String describe(Throwable error) {
    String message = error.getMessage();
    String type = error.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
