package dev.keel.server.internal.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
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
    Object cached = ctx.attribute("keel.body");
    if (cached instanceof byte[] b) {
      return b;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (b.length > max) {
        throw Problems.tooLarge(max).toException();
      }
      ctx.attribute("keel.body", b);
      return b;
    } catch (IOException e) {
      throw Problems.malformedJson("the request body could not be read").toException();
    }
  }
}
