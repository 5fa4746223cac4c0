package dev.keel.server.internal.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: a client's {@code X-Request-Id} when it is safe to log, else a fresh UUID. */
public final class RequestIds {

  /** The header read and echoed. */
  public static final String HEADER = "X-Request-Id";

  /** Request attribute holding the id. */
  public static final String ATTRIBUTE = "keel.requestId";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestIds() {}

  /** The id for a request that sent {@code header} (may be null). */
  public static String of(String header) {
    if (header != null && SAFE.matcher(header).matches()) {
      return header;
    }
    return UUID.randomUUID().toString();
  }
}
