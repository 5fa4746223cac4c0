package dev.keel.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.testkit.FaultyMock;
import dev.keel.testkit.KeelMock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every answer the payment stubs document, seen from the order's side: which HTTP answer {@code
 * POST /orders} gives and which state the order is left in. The stubs pick their answer by
 * customer, like a payment sandbox's test cards.
 */
class OrderStatesContractTest {

  @KeelMock(stubs = "stubs/payment-service")
  static FaultyMock payment;

  @KeelMock(stubs = "stubs/recommendations")
  static FaultyMock recommendations;

  @KeelMock(stubs = "stubs/email-service")
  static FaultyMock email;

  @TempDir static Path dir;

  private static OrdersApp app;

  @BeforeAll
  static void start() {
    app =
        OrdersApp.start(
            TestSupport.config(payment, recommendations, email, dir)
                .paymentMaxAttempts(2)
                .paymentFailureThreshold(100) // answers, not the breaker
                .build());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @ParameterizedTest(name = "customer {0}: payment {1} -> POST /orders {2}, order {3}")
  @CsvSource({
    "cust-1,           201, 201, paid,            ",
    "cust-replayed,    200, 201, paid,            ",
    "cust-declined,    402, 402, declined,        ",
    "cust-busy,        409, 503, pending_payment, payment-in-progress",
    "cust-ratelimited, 429, 503, payment_failed,  payment-unavailable",
    "cust-unavailable, 503, 503, payment_failed,  payment-unavailable",
  })
  void paymentAnswerMapsToOrderAnswerAndState(
      String customer, int paymentStatus, int orderStatus, String state, String problem)
      throws Exception {
    String key = UUID.randomUUID().toString();

    TestSupport.Answer answer = TestSupport.post(app, customer, key, TestSupport.ORDER);

    assertThat(answer.status()).isEqualTo(orderStatus);
    assertThat(
            TestSupport.served(payment, PaymentClient.CHARGES).getLast().getResponse().getStatus())
        .isEqualTo(paymentStatus);
    String orderId = TestSupport.keys(payment, PaymentClient.CHARGES).getLast();
    JsonNode order = TestSupport.get(app, "/orders/" + orderId, customer).json();
    assertThat(order.path("state").asText()).isEqualTo(state);
    if (problem != null) {
      assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(answer.json().path("type").asText()).endsWith("/" + problem);
      assertThat(answer.header("Retry-After")).isEqualTo("1");
    } else {
      assertThat(answer.json().path("id").asText()).isEqualTo(orderId);
      assertThat(answer.json().path("state").asText()).isEqualTo(state);
    }
  }

  @Test
  void paidOrderCarriesTheChargeAndQueuesItsConfirmation() throws Exception {
    TestSupport.Answer answer =
        TestSupport.post(app, "cust-1", UUID.randomUUID().toString(), TestSupport.ORDER);

    JsonNode order = answer.json();
    assertThat(order.path("chargeId").asText()).isEqualTo("ch_" + order.path("id").asText());
    assertThat(order.path("totalCents").asLong()).isEqualTo(2500);
    assertThat(order.path("confirmationEmail").path("jobId").asLong()).isPositive();
    assertThat(answer.header("Location")).isEqualTo("/orders/" + order.path("id").asText());
  }

  @Test
  void declinedOrderIsFinalAndNeverChargedAgain() throws Exception {
    String key = UUID.randomUUID().toString();
    TestSupport.post(app, "cust-declined", key, TestSupport.ORDER);
    payment.resetJournal();

    TestSupport.Answer repeat = TestSupport.post(app, "cust-declined", key, TestSupport.ORDER);

    assertThat(repeat.status()).isEqualTo(402);
    assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(payment.journal()).isEmpty();
    assertThat(repeat.json().path("declineCode").asText()).isEqualTo("insufficient_funds");
  }

  @Test
  void paymentFailureIsNotStoredSoARepeatWithTheSameKeyTriesAgainWithTheSameChargeKey()
      throws Exception {
    String key = UUID.randomUUID().toString();
    payment.setFaults("status=503#1-2"); // both attempts of the first request fail
    TestSupport.Answer first = TestSupport.post(app, "cust-1", key, TestSupport.ORDER);

    TestSupport.Answer second = TestSupport.post(app, "cust-1", key, TestSupport.ORDER);

    assertThat(first.status()).isEqualTo(503);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.header("Idempotent-Replayed")).isNull();
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES))
        .hasSize(3)
        .containsOnly(second.json().path("id").asText());
    assertThat(TestSupport.successesByKey(payment, PaymentClient.CHARGES))
        .hasSize(1)
        .containsValue(1L);
    assertThat(Duration.ofSeconds(Long.parseLong(first.header("Retry-After")))).isPositive();
  }
}
