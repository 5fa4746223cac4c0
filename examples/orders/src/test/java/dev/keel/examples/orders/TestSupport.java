package dev.keel.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.keel.core.Backoff;
import dev.keel.examples.orders.internal.Json;
import dev.keel.testkit.FaultyMock;
import dev.keel.testkit.JournalEntry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Shared pieces of the example's tests: configuration against mocks, HTTP calls, journals. */
final class TestSupport {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static final String ORDER =
      "{\"email\":\"ada@example.com\",\"currency\":\"EUR\","
          + "\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":2,\"priceCents\":1250}]}";

  private TestSupport() {}

  /**
   * The service's settings against three mocks, with an embedded job store in {@code dir} and
   * test-sized delays (no multi-second backoff anywhere).
   */
  static OrdersConfig.Builder config(
      FaultyMock payment, FaultyMock recommendations, FaultyMock email, Path dir) {
    return OrdersConfig.builder()
        .port(0)
        .paymentServiceUrl(URI.create(payment.baseUrl()))
        .recommendationsUrl(URI.create(recommendations.baseUrl()))
        .emailServiceUrl(URI.create(email.baseUrl()))
        .databaseUrl("jdbc:sqlite:" + dir.resolve("orders.db"))
        // generous timeouts: a cold JVM on a loaded machine answers its first calls slowly;
        // tests about timeouts set their own and use faults far beyond them
        .paymentTimeout(Duration.ofSeconds(2))
        .recommendationsTimeout(Duration.ofSeconds(2))
        .paymentBackoff(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(40)))
        .emailJobMaxAttempts(3)
        .emailJobBackoff(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(40)))
        .jobPollInterval(Duration.ofMillis(50));
  }

  /** An answer of the service. */
  record Answer(int status, HttpHeaders headers, String text) {
    JsonNode json() {
      return Json.read(text);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  static Answer post(OrdersApp app, String customer, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(app.baseUrl().resolve("/orders"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (customer != null) {
      b.header("X-Customer-Id", customer);
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return send(b.build());
  }

  static Answer get(OrdersApp app, String path, String customer)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.baseUrl().resolve(path)).GET();
    if (customer != null) {
      b.header("X-Customer-Id", customer);
    }
    return send(b.build());
  }

  static Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers(), r.body());
  }

  /** Every request the mock served, oldest first. */
  static List<ServeEvent> served(FaultyMock mock) {
    return mock.wireMock().getAllServeEvents().reversed();
  }

  /** The requests with path {@code path}, oldest first. */
  static List<ServeEvent> served(FaultyMock mock, String path) {
    return served(mock).stream().filter(e -> e.getRequest().getUrl().startsWith(path)).toList();
  }

  /**
   * Idempotency-Key → number of charges the mock made for it: 2xx answers that no fault replaced (a
   * reset request is logged with the stub's status but its answer never left the mock).
   */
  static Map<String, Long> successesByKey(FaultyMock mock, String path) {
    Set<String> faulted =
        mock.journal().stream()
            .filter(e -> e.faulted("reset") || e.faulted("status") || e.faulted("429"))
            .map(JournalEntry::id)
            .collect(Collectors.toSet());
    return served(mock, path).stream()
        .filter(e -> e.getResponse().getStatus() / 100 == 2)
        .filter(e -> !faulted.contains(e.getId().toString()))
        .collect(
            Collectors.groupingBy(
                e -> String.valueOf(e.getRequest().getHeader("Idempotency-Key")),
                Collectors.counting()));
  }

  /** The {@code Idempotency-Key} headers of the requests to {@code path}, oldest first. */
  static List<String> keys(FaultyMock mock, String path) {
    return served(mock, path).stream()
        .map(e -> String.valueOf(e.getRequest().getHeader("Idempotency-Key")))
        .toList();
  }
}
