package dev.keel.examples.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.KeelClock;
import dev.keel.examples.orders.internal.Downstreams;
import dev.keel.examples.orders.internal.Json;
import dev.keel.http.DependencyRateLimitedException;
import dev.keel.http.DependencyServerErrorException;
import dev.keel.http.DependencyTimeoutException;
import dev.keel.testkit.FaultyMock;
import dev.keel.testkit.KeelMock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payment stubs are the contract: the example's {@link PaymentClient}, configured exactly as
 * the service configures it, and the stub files in {@code stubs/payment-service} must agree on the
 * request (method, path, JSON fields, required headers) and on every documented answer.
 */
class PaymentContractTest {

  @KeelMock(stubs = "stubs/payment-service")
  static FaultyMock payment;

  @TempDir static Path dir;

  private static Downstreams downstreams;
  private static PaymentClient client;

  @BeforeAll
  static void client() {
    OrdersConfig config =
        TestSupport.config(payment, payment, payment, dir)
            .paymentMaxAttempts(2)
            .paymentFailureThreshold(100) // this class is about answers, not the breaker
            .build();
    downstreams = Downstreams.create(config, KeelClock.system(), new SimpleMeterRegistry());
    client = downstreams.payments();
  }

  @AfterAll
  static void close() {
    downstreams.close();
  }

  private static ChargeRequest charge(String customer) {
    return new ChargeRequest("ord_1", customer, 2500, "EUR");
  }

  @Test
  void chargeRequestHasTheDocumentedShapeAndIsAnswered201() throws Exception {
    PaymentOutcome outcome = client.charge(charge("cust-1"), "ord_1");

    assertThat(outcome).isEqualTo(new PaymentOutcome.Charged("ch_ord_1", false));
    assertThat(
            payment.countRequests(
                postRequestedFor(urlPathEqualTo(PaymentClient.CHARGES))
                    .withHeader("Idempotency-Key", equalTo("ord_1"))
                    .withHeader("Content-Type", containing("application/json"))
                    .withRequestBody(matchingJsonPath("$.orderId", equalTo("ord_1")))
                    .withRequestBody(matchingJsonPath("$.customerId", equalTo("cust-1")))
                    .withRequestBody(matchingJsonPath("$.amountCents", equalTo("2500")))
                    .withRequestBody(matchingJsonPath("$.currency", equalTo("EUR")))))
        .isEqualTo(1);
  }

  @Test
  void repeatedChargeIsAnswered200AndReadAsCharged() throws Exception {
    assertThat(client.charge(charge("cust-replayed"), "ord_1"))
        .isEqualTo(new PaymentOutcome.Charged("ch_ord_1", true));
  }

  @Test
  void declineIsAnswered402AndReadAsDeclined() throws Exception {
    assertThat(client.charge(charge("cust-declined"), "ord_1"))
        .isEqualTo(new PaymentOutcome.Declined("insufficient_funds"));
    assertThat(payment.journal()).hasSize(1); // a 4xx answer is not retried
  }

  @Test
  void chargeInProgressIsAnswered409WithRetryAfter() throws Exception {
    assertThat(client.charge(charge("cust-busy"), "ord_1"))
        .isEqualTo(new PaymentOutcome.InProgress(Duration.ofSeconds(1)));
    assertThat(payment.journal()).hasSize(1);
  }

  @Test
  void rateLimit429IsRetriedAfterRetryAfterWithTheSameKeyThenUnavailable() {
    assertThatThrownBy(() -> client.charge(charge("cust-ratelimited"), "ord_1"))
        .isInstanceOfSatisfying(
            PaymentUnavailableException.class,
            e -> {
              assertThat(e.failure()).isInstanceOf(DependencyRateLimitedException.class);
              assertThat(e.failure().attempts()).isEqualTo(2);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            });
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES)).containsExactly("ord_1", "ord_1");
  }

  @Test
  void unavailable503IsRetriedWithTheSameKeyThenUnavailable() {
    assertThatThrownBy(() -> client.charge(charge("cust-unavailable"), "ord_1"))
        .isInstanceOfSatisfying(
            PaymentUnavailableException.class,
            e -> {
              assertThat(e.failure())
                  .isInstanceOfSatisfying(
                      DependencyServerErrorException.class,
                      s -> assertThat(s.status()).isEqualTo(503));
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            });
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES)).containsExactly("ord_1", "ord_1");
  }

  @Test
  void answerSlowerThanTheTimeoutIsRetriedWithTheSameKeyThenUnavailable(
      @KeelMock(stubs = "stubs/payment-service", faults = "hang=3s") FaultyMock slow)
      throws Exception {
    // its own mock: the hung answers complete after this test and must not reach another's journal
    try (Downstreams own =
        Downstreams.create(
            TestSupport.config(slow, slow, slow, dir)
                .paymentMaxAttempts(2)
                .paymentTimeout(Duration.ofMillis(300))
                .build(),
            KeelClock.system(),
            new SimpleMeterRegistry())) {
      assertThatThrownBy(() -> own.payments().charge(charge("cust-1"), "ord_1"))
          .isInstanceOfSatisfying(
              PaymentUnavailableException.class,
              e -> assertThat(e.failure()).isInstanceOf(DependencyTimeoutException.class));
    }
    assertThat(TestSupport.keys(slow, PaymentClient.CHARGES)).containsExactly("ord_1", "ord_1");
  }

  @Test
  void burstOf503IsRetriedPastWithTheSameKey() throws Exception {
    payment.setFaults("status=503#1");

    assertThat(client.charge(charge("cust-1"), "ord_1"))
        .isEqualTo(new PaymentOutcome.Charged("ch_ord_1", false));
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES)).containsExactly("ord_1", "ord_1");
    assertThat(TestSupport.successesByKey(payment, PaymentClient.CHARGES))
        .containsExactly(java.util.Map.entry("ord_1", 1L));
  }

  @Test
  void requestTheStubsRefuseIsRejectedNotRetried() {
    ChargeRequest lowerCaseCurrency = new ChargeRequest("ord_1", "cust-1", 2500, "eur");

    assertThatThrownBy(() -> client.charge(lowerCaseCurrency, "ord_1"))
        .isInstanceOfSatisfying(
            PaymentRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThat(payment.journal()).hasSize(1);
  }

  @Test
  void stubAnswersAChargeWithoutIdempotencyKeyWithTheDocumented400() throws Exception {
    TestSupport.Answer answer =
        TestSupport.send(
            HttpRequest.newBuilder(URI.create(payment.baseUrl() + PaymentClient.CHARGES))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.write(new ChargeRequest("ord_1", "cust-1", 2500, "EUR"))))
                .build());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.json().path("type").asText())
        .isEqualTo("https://payments.example/problems/idempotency-key-missing");
  }

  @Test
  void everyPaymentStubAnswersAStatusTheClientHandles() {
    var statuses =
        payment.wireMock().getStubMappings().stream()
            .map(m -> m.getResponse().getStatus())
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

    assertThat(statuses).containsExactly(200, 201, 400, 402, 409, 429, 503);
  }
}
