package dev.keel.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.examples.orders.internal.Json;
import dev.keel.http.DependencyException;
import dev.keel.http.KeelHttpClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommendations service's client: {@code GET /recommendations?customerId=…&limit=3} over an
 * OPTIONAL keel-http client. When the service fails (or its breaker is open) keel-http answers with
 * the last good response for the same customer (stale-if-error) or the empty default, and the
 * result says {@code degraded}. It never throws for the service's failures: an order does not
 * depend on recommendations.
 *
 * <p>Thread-safe.
 */
public final class RecommendationsClient {

  /** The dependency's name; keel-http reads {@code RECOMMENDATIONS_URL} for it by default. */
  public static final String NAME = "recommendations";

  /** The path of the endpoint. */
  public static final String PATH = "/recommendations";

  /** How many products are asked for. */
  public static final int LIMIT = 3;

  /** What keel-http serves when the service fails and nothing fresh enough is cached. */
  public static final String EMPTY = "{\"items\":[]}";

  private static final Logger LOG = LoggerFactory.getLogger(RecommendationsClient.class);

  private final KeelHttpClient http;

  /** A client over {@code http}, which should be OPTIONAL with a fallback (see OrdersApp). */
  public RecommendationsClient(KeelHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /** The keel-http client underneath. */
  public KeelHttpClient http() {
    return http;
  }

  /**
   * Recommendations for {@code customerId}; degraded (maybe empty) when the service failed.
   *
   * @throws InterruptedException when the calling thread is interrupted
   */
  public Recommendations forCustomer(String customerId) throws InterruptedException {
    String query =
        "?customerId=" + URLEncoder.encode(customerId, StandardCharsets.UTF_8) + "&limit=" + LIMIT;
    HttpResponse<String> response;
    try {
      response =
          http.send(
              http.request(PATH + query).header("Accept", "application/json").GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (DependencyException e) {
      // only when no fallback applies to this call; the client is built with one, so rare
      return new Recommendations(List.of(), true);
    }
    boolean fallback = KeelHttpClient.isFallback(response);
    if (response.statusCode() != 200) {
      LOG.warn(
          "recommendations answered {}; showing none: {}",
          response.statusCode(),
          Json.excerpt(response.body(), 200));
      return new Recommendations(List.of(), true);
    }
    try {
      List<Recommendations.Item> items = new ArrayList<>();
      for (JsonNode item : Json.read(response.body()).path("items")) {
        items.add(new Recommendations.Item(item.path("sku").asText(), item.path("title").asText()));
      }
      return new Recommendations(items, fallback);
    } catch (IllegalArgumentException e) {
      LOG.warn("recommendations answer is not JSON; showing none");
      return new Recommendations(List.of(), true);
    }
  }
}
