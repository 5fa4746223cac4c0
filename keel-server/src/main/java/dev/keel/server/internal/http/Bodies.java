package dev.keel.server.internal.http;

import io.javalin.http.Context;
import java.util.Locale;

/** Reads request bodies with a hard size bound, whatever the request declared. */
public final class Bodies {

  private Bodies() {}

  /**
   * The body, at most {@code max} bytes; checks the content type is JSON when a body is present.
   *
   * @throws Problem.Exception 413 when larger, 415 when not JSON
   */
  public static byte[] readJson(Context ctx, long max) {
    byte[] body = read(ctx, max);
    String ct = ctx.header("Content-Type");
    if (body.length > 0 && ct != null) {
      String base = ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!base.equals("application/json") && !base.endsWith("+json")) {
        throw Problems.unsupportedMediaType(base).toException();
      }
    }
    return body;
  }

  /**
   * The raw body, at most {@code max} bytes.
   *
   * @throws Problem.Exception 413 when larger
   */
  public static byte[] read(Context ctx, long max) {
    // the request filter already bounded chunked bodies; declared lengths are checked there too
    if (ctx.req().getContentLengthLong() > max) {
      throw Problems.tooLarge(max).toException();
    }
    byte[] b = ctx.bodyAsBytes();
    if (b.length > max) {
      throw Problems.tooLarge(max).toException();
    }
    return b;
  }
}
