package dev.keel.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.keel.server.internal.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The admin verbs' HTTP client: JSON over {@code java.net.http}, bearer token from {@code
 * KEEL_API_TOKEN}. Errors come back as {@link ApiException} carrying the server's problem detail.
 */
public final class ApiClient {

  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Talks to {@code base} (e.g. {@code http://127.0.0.1:8080}). */
  public ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The server's URL from {@code --url}, {@code KEEL_URL}, or localhost and KEEL_HTTP_PORT. */
  public static ApiClient fromEnv(Map<String, String> env, String urlOption) {
    String url = urlOption;
    if (url == null || url.isBlank()) {
      url = env.get("KEEL_URL");
    }
    if (url == null || url.isBlank()) {
      url = "http://127.0.0.1:" + env.getOrDefault("KEEL_HTTP_PORT", "8080");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return new ApiClient(URI.create(url), env.get("KEEL_API_TOKEN"));
  }

  /** A failed call: the problem's title and detail, or the transport error. */
  public static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    /** HTTP status, 0 for transport failures. */
    public int status() {
      return status;
    }
  }

  /** GET. */
  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  /** POST with a JSON body (null for none). */
  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  /** DELETE. */
  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** A query string from non-null pairs, with a leading {@code ?} when not empty. */
  public static String query(Map<String, ?> params) {
    StringJoiner j = new StringJoiner("&", "?", "");
    j.setEmptyValue("");
    params.forEach(
        (k, v) -> {
          if (v != null) {
            j.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
          }
        });
    return j.toString();
  }

  private JsonNode send(String method, String path, Object body) {
    try {
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(60))
              .header("Accept", "application/json");
      if (token != null && !token.isBlank()) {
        rb.header("Authorization", "Bearer " + token);
      }
      if (body != null) {
        rb.header("Content-Type", "application/json");
        rb.method(
            method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
      } else {
        rb.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> res = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json =
          res.body().length == 0 ? NullNode.getInstance() : Json.MAPPER.readTree(res.body());
      if (res.statusCode() >= 400) {
        throw new ApiException(res.statusCode(), describe(res.statusCode(), json));
      }
      return json;
    } catch (IOException e) {
      throw new ApiException(
          0,
          "cannot reach the Keel server at "
              + base
              + " ("
              + e.getClass().getSimpleName()
              + "); is it running? Set KEEL_URL to its address");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted");
    }
  }

  private static String describe(int status, JsonNode p) {
    StringBuilder b = new StringBuilder().append(status);
    if (p.hasNonNull("title")) {
      b.append(' ').append(p.get("title").asText());
    }
    if (p.hasNonNull("detail")) {
      b.append(": ").append(p.get("detail").asText());
    }
    if (status == 401) {
      b.append(" (set KEEL_API_TOKEN to the server's admin token)");
    }
    return b.toString();
  }
}
