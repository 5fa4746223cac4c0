package dev.keel.server.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Serialises a {@link Problem} into a response. */
public final class ProblemWriter {

  private ProblemWriter() {}

  /** The problem document as JSON bytes. */
  public static byte[] bytes(Problem p, String instance) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", p.type());
    o.put("title", p.title());
    o.put("status", p.status());
    o.put("detail", p.detail());
    if (instance != null) {
      o.put("instance", instance);
    }
    if (!p.errors().isEmpty()) {
      ArrayNode errors = o.putArray("errors");
      for (Problem.FieldError e : p.errors()) {
        errors.addObject().put("field", e.field()).put("message", e.message());
      }
    }
    try {
      return Json.MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      // an ObjectNode of strings always serialises
      return ("{\"type\":\"" + p.type() + "\",\"status\":" + p.status() + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code p} straight to a servlet response (used before Javalin runs). */
  public static void write(HttpServletResponse res, Problem p, String instance) throws IOException {
    res.setStatus(p.status());
    res.setContentType(Problem.MEDIA_TYPE);
    p.headers().forEach(res::setHeader);
    byte[] body = bytes(p, instance);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
