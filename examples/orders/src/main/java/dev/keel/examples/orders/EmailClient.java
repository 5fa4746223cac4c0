package dev.keel.examples.orders;

import dev.keel.examples.orders.internal.Json;
import dev.keel.http.KeelHttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * The email service's client: {@code POST /emails} with an {@code Idempotency-Key} (the job's key,
 * the same in every attempt, so a retried job never sends twice).
 *
 * <table>
 *   <caption>The contract (stubs/email-service)</caption>
 *   <tr><th>answer</th><th>result</th></tr>
 *   <tr><td>202</td><td>the message id</td></tr>
 *   <tr><td>400, 422 (any other 4xx)</td><td>{@link EmailRejectedException}: not retried</td></tr>
 *   <tr><td>5xx, 429, timeout, reset, breaker open</td><td>keel-http's {@link
 *       dev.keel.http.DependencyException}: the job fails the attempt and is retried with backoff,
 *       then dead-lettered</td></tr>
 * </table>
 *
 * <p>Thread-safe.
 */
public final class EmailClient {

  /** The dependency's name; keel-http reads {@code EMAIL_SERVICE_URL} for it by default. */
  public static final String NAME = "email-service";

  /** The path of the endpoint. */
  public static final String EMAILS = "/emails";

  private final KeelHttpClient http;

  /** A client over {@code http}. */
  public EmailClient(KeelHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /** The keel-http client underneath. */
  public KeelHttpClient http() {
    return http;
  }

  /**
   * Sends {@code email} under {@code idempotencyKey}.
   *
   * @return the email service's message id
   * @throws EmailRejectedException when the email service refused the message (4xx)
   * @throws dev.keel.http.DependencyException when it could not answer
   * @throws InterruptedException when the calling thread is interrupted
   */
  public String send(ConfirmationEmail email, String idempotencyKey) throws InterruptedException {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    HttpResponse<String> response =
        http.send(
            http.request(EMAILS)
                .header("Content-Type", "application/json")
                .header(KeelHttpClient.IDEMPOTENCY_KEY, idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(email)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw new EmailRejectedException(status, Json.excerpt(response.body(), 200));
    }
    String id = "";
    try {
      id = Json.read(response.body()).path("messageId").asText("");
    } catch (IllegalArgumentException e) {
      // an accepted message without a readable id is still accepted
    }
    return id;
  }
}
