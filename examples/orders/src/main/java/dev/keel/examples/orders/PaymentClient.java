package dev.keel.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.examples.orders.internal.Json;
import dev.keel.http.DependencyException;
import dev.keel.http.KeelHttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The payment service's client: {@code POST /charges} with the order's key as {@code
 * Idempotency-Key}, over a CRITICAL keel-http client (timeouts, retries, breaker). Because every
 * attempt — and every repeat of the order — carries the same key, retries can never charge twice.
 *
 * <table>
 *   <caption>The contract (stubs/payment-service)</caption>
 *   <tr><th>answer</th><th>result</th></tr>
 *   <tr><td>201, 200</td><td>{@link PaymentOutcome.Charged} (200: the charge already existed)</td></tr>
 *   <tr><td>402</td><td>{@link PaymentOutcome.Declined}</td></tr>
 *   <tr><td>409</td><td>{@link PaymentOutcome.InProgress} with {@code Retry-After}</td></tr>
 *   <tr><td>429, 5xx, timeout, reset</td><td>retried by keel-http (429 after its {@code
 *       Retry-After}); then {@link PaymentUnavailableException}</td></tr>
 *   <tr><td>breaker open</td><td>{@link PaymentUnavailableException} at once, nothing sent</td></tr>
 *   <tr><td>other 4xx (400: key missing)</td><td>{@link PaymentRejectedException}</td></tr>
 * </table>
 *
 * <p>Thread-safe.
 */
public final class PaymentClient {

  /** The dependency's name; keel-http reads {@code PAYMENT_SERVICE_URL} for it by default. */
  public static final String NAME = "payment-service";

  /** The path of the charge endpoint. */
  public static final String CHARGES = "/charges";

  private static final Duration DEFAULT_IN_PROGRESS_RETRY = Duration.ofSeconds(1);

  private final KeelHttpClient http;

  /** A client over {@code http}, which should be built for {@link #NAME} as CRITICAL. */
  public PaymentClient(KeelHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /** The keel-http client underneath (its breaker, health and metrics). */
  public KeelHttpClient http() {
    return http;
  }

  /**
   * Charges {@code request} under {@code idempotencyKey}.
   *
   * @throws PaymentUnavailableException when the payment service could not answer (see above)
   * @throws PaymentRejectedException when it refused the request (a contract mismatch)
   * @throws InterruptedException when the calling thread is interrupted
   */
  public PaymentOutcome charge(ChargeRequest request, String idempotencyKey)
      throws InterruptedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    HttpRequest http =
        this.http
            .request(CHARGES)
            .header("Content-Type", "application/json")
            .header(KeelHttpClient.IDEMPOTENCY_KEY, idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(request)))
            .build();
    HttpResponse<String> response;
    try {
      response = this.http.send(http, HttpResponse.BodyHandlers.ofString());
    } catch (DependencyException e) {
      throw new PaymentUnavailableException(e);
    }
    int status = response.statusCode();
    return switch (status) {
      case 200, 201 -> new PaymentOutcome.Charged(field(response, "chargeId"), status == 200);
      case 402 -> new PaymentOutcome.Declined(field(response, "declineCode"));
      case 409 ->
          new PaymentOutcome.InProgress(
              response
                  .headers()
                  .firstValue("Retry-After")
                  .flatMap(PaymentClient::seconds)
                  .orElse(DEFAULT_IN_PROGRESS_RETRY));
      default -> throw new PaymentRejectedException(status, Json.excerpt(response.body(), 200));
    };
  }

  private static String field(HttpResponse<String> response, String name) {
    JsonNode body;
    try {
      body = Json.read(response.body());
    } catch (IllegalArgumentException e) {
      throw new PaymentRejectedException(
          response.statusCode(), "answer is not JSON: " + Json.excerpt(response.body(), 200));
    }
    JsonNode value = body.path(name);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new PaymentRejectedException(
          response.statusCode(),
          "answer has no '" + name + "': " + Json.excerpt(response.body(), 200));
    }
    return value.asText();
  }

  private static java.util.Optional<Duration> seconds(String value) {
    try {
      long s = Long.parseLong(value.trim());
      return s >= 0 ? java.util.Optional.of(Duration.ofSeconds(s)) : java.util.Optional.empty();
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }
}
