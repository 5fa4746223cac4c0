package dev.keel.examples.orders;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.CircuitBreakerEvent;
import dev.keel.core.ManualClock;
import dev.keel.http.DependencyServerErrorException;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobState;
import dev.keel.testkit.FaultyMock;
import dev.keel.testkit.KeelMock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example service in-process on a random port, against three fault-injecting mocks driven by
 * the stub files, with an embedded SQLite job store in a temporary directory: the payment service
 * failing, slow and recovering (no duplicate charge, the breaker's transitions), recommendations
 * down (degraded answers and health), the confirmation email completed or dead-lettered.
 */
class OrdersEndToEndTest {

  private static final String CUSTOMER = "cust-1";

  @KeelMock(stubs = "stubs/payment-service")
  FaultyMock payment;

  @KeelMock(stubs = "stubs/recommendations")
  FaultyMock recommendations;

  @KeelMock(stubs = "stubs/email-service")
  FaultyMock email;

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();
  private OrdersApp app;

  private OrdersApp start(UnaryOperator<OrdersConfig.Builder> settings) {
    app =
        OrdersApp.builder(
                settings.apply(TestSupport.config(payment, recommendations, email, dir)).build())
            .clock(clock)
            .start();
    return app;
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private TestSupport.Answer order(String key) throws Exception {
    return TestSupport.post(app, CUSTOMER, key, TestSupport.ORDER);
  }

  private JsonNode readiness(int expectedStatus) throws Exception {
    TestSupport.Answer ready = TestSupport.get(app, "/health/ready", null);
    assertThat(ready.status()).isEqualTo(expectedStatus);
    return ready.json();
  }

  private String metrics() throws Exception {
    return TestSupport.get(app, "/metrics", null).text();
  }

  private static final String PAYMENT_TIMEOUTS =
      "http_client_requests_total\\{[^}]*method=\"POST\"[^}]*status=\"timeout\"[^}]*}";

  /** The value of the first sample matching {@code series} (a regex), 0 when there is none. */
  private static double sample(String scrape, String series) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private Job awaitJob(long id, JobState state) {
    return await()
        .atMost(30, SECONDS)
        .until(() -> app.jobs().job(id).orElseThrow(), job -> job.state() == state);
  }

  @Test
  void orderIsPaidConfirmedAndReplayedWithoutASecondCharge() throws Exception {
    start(b -> b);
    String key = UUID.randomUUID().toString();

    TestSupport.Answer first = order(key);
    TestSupport.Answer repeat = order(key);

    assertThat(first.status()).isEqualTo(201);
    JsonNode body = first.json();
    assertThat(body.path("state").asText()).isEqualTo("paid");
    assertThat(body.path("degraded").asBoolean()).isFalse();
    assertThat(body.path("recommendations")).hasSize(3);
    assertThat(repeat.status()).isEqualTo(201);
    assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(repeat.json()).isEqualTo(body);
    String orderId = body.path("id").asText();
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES)).containsExactly(orderId);

    Job job = awaitJob(body.path("confirmationEmail").path("jobId").asLong(), JobState.COMPLETED);
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.ownerId()).isEqualTo(CUSTOMER);
    assertThat(TestSupport.keys(email, EmailClient.EMAILS)).containsExactly(job.idempotencyKey());
    JsonNode viaApi = TestSupport.get(app, "/orders/" + orderId, CUSTOMER).json();
    assertThat(viaApi.path("confirmationEmail").path("state").asText()).isEqualTo("completed");
    assertThat(TestSupport.get(app, "/orders/" + orderId, "cust-2").status()).isEqualTo(404);

    assertThat(metrics())
        .contains("http_client_requests_total{")
        .contains("http_client_request_duration_seconds_bucket{")
        .contains("keel_jobs_completed_total{")
        .containsPattern("keel_idempotency_requests_total\\{[^}]*outcome=\"replay\"[^}]*} 1\\.0");
  }

  @Test
  void sameKeyWithAnotherBodyIsRefusedAndNothingIsCharged() throws Exception {
    start(b -> b);
    String key = UUID.randomUUID().toString();
    order(key);

    TestSupport.Answer other =
        TestSupport.post(
            app, CUSTOMER, key, TestSupport.ORDER.replace("\"quantity\":2", "\"quantity\":3"));

    assertThat(other.status()).isEqualTo(422);
    assertThat(payment.journal()).hasSize(1);
  }

  @Test
  void badRequestsAreRefusedWithAReasonAndWriteNothing() throws Exception {
    start(b -> b);

    TestSupport.Answer noKey = TestSupport.post(app, CUSTOMER, null, TestSupport.ORDER);
    TestSupport.Answer noCustomer = TestSupport.post(app, null, "k1", TestSupport.ORDER);
    TestSupport.Answer invalid =
        TestSupport.post(
            app, CUSTOMER, "k2", "{\"email\":\"nope\",\"currency\":\"eur\",\"items\":[]}");

    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noCustomer.status()).isEqualTo(401);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().path("errors")).hasSize(3);
    assertThat(invalid.json().path("detail").asText())
        .contains("email must be", "currency must be", "items must hold");
    assertThat(payment.journal()).isEmpty();
    assertThat(
            app.jobs().queues().stream()
                .mapToLong(
                    q -> q.stats().counts().values().stream().mapToLong(Long::longValue).sum())
                .sum())
        .isZero();
  }

  @Test
  void paymentBurstOpensTheBreakerWhichProbesAfterTheCooldownAndCloses() throws Exception {
    start(
        b ->
            b.paymentMaxAttempts(3)
                .paymentFailureThreshold(3)
                .paymentCooldown(Duration.ofSeconds(30)));
    CircuitBreaker breaker = app.payments().http().circuitBreaker();
    List<String> transitions = new CopyOnWriteArrayList<>();
    breaker.onEvent(
        e -> {
          if (e instanceof CircuitBreakerEvent.StateTransition t) {
            transitions.add(t.from() + "->" + t.to());
          }
        });
    payment.setFaults("status=503");
    String keyA = UUID.randomUUID().toString();

    // Given the payment service fails: three attempts with one key, then the breaker opens
    TestSupport.Answer failed = order(keyA);
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.json().path("type").asText()).endsWith("/payment-unavailable");
    String orderA = TestSupport.keys(payment, PaymentClient.CHARGES).getFirst();
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES))
        .containsExactly(orderA, orderA, orderA);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    JsonNode down = readiness(503);
    assertThat(down.path("status").asText()).isEqualTo("down");
    assertThat(metrics())
        .containsPattern(
            "keel_circuitbreaker_state\\{[^}]*name=\"payment-service\"[^}]*state=\"open\"[^}]*} 1\\.0")
        .containsPattern("http_client_requests_total\\{[^}]*status=\"503\"[^}]*} 3\\.0");

    // While open: fail fast, nothing sent
    TestSupport.Answer fastFail = order(UUID.randomUUID().toString());
    assertThat(fastFail.status()).isEqualTo(503);
    assertThat(Long.parseLong(fastFail.header("Retry-After"))).isBetween(1L, 30L);
    assertThat(payment.journal()).hasSize(3);
    assertThat(metrics())
        .containsPattern(
            "keel_circuitbreaker_calls_total\\{[^}]*name=\"payment-service\"[^}]*outcome=\"rejected\"[^}]*} 1\\.0");

    // When the service recovers and the cooldown passes, one probe closes the breaker
    payment.clearFaults();
    clock.advance(Duration.ofSeconds(31));
    JsonNode probing = readiness(200); // half-open is degraded, not down: the probe needs traffic
    assertThat(probing.path("status").asText()).isEqualTo("degraded");
    assertThat(probing.path("dependencies").findValuesAsText("breakerState")).contains("half_open");
    TestSupport.Answer recovered = order(keyA);

    assertThat(recovered.status()).isEqualTo(201);
    assertThat(recovered.json().path("id").asText()).isEqualTo(orderA);
    await().atMost(30, SECONDS).until(() -> breaker.state() == CircuitBreaker.State.CLOSED);
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    assertThat(readiness(200).path("status").asText()).isEqualTo("up");
    // Then: four requests for order A, all with its key, exactly one of them charged
    assertThat(TestSupport.successesByKey(payment, PaymentClient.CHARGES))
        .containsExactly(Map.entry(orderA, 1L));
    assertThat(order(keyA).header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(payment.journal()).hasSize(4);
  }

  @Test
  void slowPaymentIsRetriedWithTheSameKeyAndChargedOnce() throws Exception {
    start(b -> b.paymentTimeout(Duration.ofMillis(500)).paymentMaxAttempts(3));
    order(UUID.randomUUID().toString()); // warm up: the first call of a cold JVM may be slow
    payment.resetJournal();
    double timeoutsBefore = sample(metrics(), PAYMENT_TIMEOUTS);
    payment.setFaults("hang=3s#1-2"); // the first two attempts answer long after the timeout

    TestSupport.Answer answer = order(UUID.randomUUID().toString());

    assertThat(answer.status()).isEqualTo(201);
    String orderId = answer.json().path("id").asText();
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES))
        .containsExactly(orderId, orderId, orderId);
    assertThat(sample(metrics(), PAYMENT_TIMEOUTS) - timeoutsBefore).isEqualTo(2.0);
    // the late answers arrive too; every one carries the same key, so the payment service
    // (which deduplicates by key, as the stubs' chargeId shows) makes a single charge
    await()
        .atMost(30, SECONDS)
        .until(() -> payment.journal().stream().allMatch(e -> e.totalMillis() >= 0));
    assertThat(TestSupport.successesByKey(payment, PaymentClient.CHARGES).keySet())
        .containsExactly(orderId);
    assertThat(
            TestSupport.served(payment, PaymentClient.CHARGES).stream()
                .map(e -> e.getResponse().getBodyAsString())
                .filter(b -> b.contains("chargeId"))
                .map(b -> dev.keel.examples.orders.internal.Json.read(b).path("chargeId").asText())
                .distinct())
        .containsExactly("ch_" + orderId);
    assertThat(app.payments().http().circuitBreaker().state())
        .isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void paymentRecoveringWithinOneRequestChargesOnce() throws Exception {
    start(b -> b.paymentMaxAttempts(3));
    payment.setFaults("status=503#1,reset#2");

    TestSupport.Answer answer = order(UUID.randomUUID().toString());

    assertThat(answer.status()).isEqualTo(201);
    String orderId = answer.json().path("id").asText();
    assertThat(TestSupport.keys(payment, PaymentClient.CHARGES))
        .containsOnly(orderId)
        .hasSizeBetween(2, 3);
    assertThat(TestSupport.successesByKey(payment, PaymentClient.CHARGES))
        .containsExactly(Map.entry(orderId, 1L));
  }

  @Test
  void recommendationsDownDegradesTheAnswerAndHealthButNotTheOrder() throws Exception {
    start(b -> b);
    order(UUID.randomUUID().toString()); // a good answer for cust-1 is cached
    recommendations.setFaults("status=503");

    TestSupport.Answer cached = order(UUID.randomUUID().toString());
    TestSupport.Answer empty =
        TestSupport.post(app, "cust-2", UUID.randomUUID().toString(), TestSupport.ORDER);

    assertThat(cached.status()).isEqualTo(201);
    assertThat(cached.json().path("degraded").asBoolean()).isTrue();
    assertThat(cached.json().path("recommendations")).hasSize(3);
    assertThat(empty.status()).isEqualTo(201);
    assertThat(empty.json().path("degraded").asBoolean()).isTrue();
    assertThat(empty.json().path("recommendations")).isEmpty();
    JsonNode health = readiness(200);
    assertThat(health.path("status").asText()).isEqualTo("degraded");
    assertThat(health.path("dependencies").findValuesAsText("status")).contains("degraded", "up");
    assertThat(metrics()).contains("http_client_fallbacks_total{");
  }

  @Test
  void confirmationEmailFailingEveryAttemptEndsInTheDlqWithItsEnvelopeAndReplays()
      throws Exception {
    start(b -> b.emailJobMaxAttempts(3));
    email.setFaults("status=503");

    JsonNode order = order(UUID.randomUUID().toString()).json();
    long jobId = order.path("confirmationEmail").path("jobId").asLong();
    Job dead = awaitJob(jobId, JobState.DEAD);

    assertThat(dead.attempt()).isEqualTo(3);
    assertThat(dead.errors())
        .hasSize(3)
        .allSatisfy(
            e -> assertThat(e.type()).isEqualTo(DependencyServerErrorException.class.getName()));
    assertThat(dead.payloadJson()).contains(order.path("id").asText()).contains("ada@example.com");
    assertThat(dead.finishedAt()).isNotNull();
    assertThat(TestSupport.keys(email, EmailClient.EMAILS))
        .containsExactly(dead.idempotencyKey(), dead.idempotencyKey(), dead.idempotencyKey());
    JsonNode viaApi = TestSupport.get(app, "/orders/" + order.path("id").asText(), CUSTOMER).json();
    assertThat(viaApi.path("confirmationEmail").path("state").asText()).isEqualTo("dead");
    assertThat(viaApi.path("confirmationEmail").path("lastError").asText()).contains("503");
    assertThat(metrics()).contains("keel_jobs_dead_lettered_total{");

    // the email service recovers; replaying the DLQ entry sends it, with the same key
    JsonNode dlq = TestSupport.get(app, "/admin/dlq", null).json();
    assertThat(dlq.findValuesAsText("jobId")).containsExactly(Long.toString(jobId));
    assertThat(dlq.get(0).path("errors")).hasSize(3);
    assertThat(dlq.get(0).path("payload").path("orderId").asText())
        .isEqualTo(order.path("id").asText());
    email.clearFaults();
    TestSupport.Answer replay =
        TestSupport.send(
            java.net.http.HttpRequest.newBuilder(
                    app.baseUrl().resolve("/admin/dlq/" + jobId + "/replay"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(replay.status()).isEqualTo(200);
    awaitJob(jobId, JobState.COMPLETED);
    assertThat(TestSupport.keys(email, EmailClient.EMAILS))
        .hasSize(4)
        .containsOnly(dead.idempotencyKey());
  }

  @Test
  void repeatedOrderAfterAFailureQueuesOneConfirmation() throws Exception {
    start(b -> b.paymentMaxAttempts(1));
    String key = UUID.randomUUID().toString();
    payment.setFaults("status=503#1");
    assertThat(order(key).status()).isEqualTo(503);

    JsonNode paid = order(key).json();
    JsonNode replay = order(key).json();

    long jobId = paid.path("confirmationEmail").path("jobId").asLong();
    assertThat(replay.path("confirmationEmail").path("jobId").asLong()).isEqualTo(jobId);
    awaitJob(jobId, JobState.COMPLETED);
    assertThat(email.journal()).hasSize(1);
  }
}
