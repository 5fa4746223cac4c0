package dev.keel.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.keel.server.internal.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small JSON client for tests, over plain java.net.http. */
final class Http {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String token;

  Http(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  Http withToken(String other) {
    return new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other);
  }

  record Res(int status, String contentType, java.net.http.HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return body.isEmpty() ? MissingNode.getInstance() : Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  HttpRequest.Builder request(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b;
  }

  Res send(HttpRequest req) {
    try {
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      return new Res(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.headers(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  CompletableFuture<Res> sendAsync(HttpRequest req) {
    return client
        .sendAsync(req, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r ->
                new Res(
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""),
                    r.headers(),
                    r.body()));
  }

  Res get(String path) {
    return send(request("GET", path, null).build());
  }

  Res post(String path, String body) {
    return send(request("POST", path, body).build());
  }

  Res delete(String path) {
    return send(request("DELETE", path, null).build());
  }
}
