package dev.keel.server.internal.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (malformed request lines, ambiguous paths, bad headers: refused before
 * any handler runs) as problem+json instead of HTML, so every error the server gives has one shape.
 */
final class ProblemErrorHandler extends ErrorHandler {

  static Problem problem(int status, String reason) {
    String detail =
        "the request was refused by the HTTP layer ("
            + (reason == null || reason.isBlank() ? "status " + status : reason)
            + "); check the method, path, headers and body";
    return switch (status) {
      case 404 -> Problems.notFound("no such resource");
      case 413 -> Problems.of("too-large", "Request too large", 413, detail, List.of(), Map.of());
      default -> Problems.of("bad-request", "Bad request", status, detail, List.of(), Map.of());
    };
  }

  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback cb) {
    byte[] body = ProblemWriter.bytes(problem(code, message), null);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), cb);
  }
}
