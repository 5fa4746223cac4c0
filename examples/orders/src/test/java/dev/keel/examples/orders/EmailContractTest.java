package dev.keel.examples.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.KeelClock;
import dev.keel.examples.orders.internal.ConfirmationEmailHandler;
import dev.keel.examples.orders.internal.Downstreams;
import dev.keel.http.DependencyServerErrorException;
import dev.keel.jobs.HandlerOptions;
import dev.keel.jobs.Job;
import dev.keel.jobs.JobRequest;
import dev.keel.testkit.FaultyMock;
import dev.keel.testkit.JobsTestSupport;
import dev.keel.testkit.KeelFixture;
import dev.keel.testkit.KeelMock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email stubs against the example's {@link EmailClient} and its confirmation job handler: the
 * request shape and key, 202, 422 (dead-lettered at once), 5xx (retried with the same key, then
 * dead-lettered with its envelope). The jobs run synchronously on the test thread (keel-testkit's
 * {@link JobsTestSupport}): no workers, no waiting for backoff.
 */
class EmailContractTest {

  private static final ConfirmationEmail EMAIL =
      new ConfirmationEmail(
          "ada@example.com", ConfirmationEmail.TEMPLATE, "ord_1", "cust-1", 2500, "EUR");

  @KeelMock(stubs = "stubs/email-service")
  FaultyMock email;

  @KeelFixture JobsTestSupport jobs;

  @TempDir Path dir;

  private Downstreams downstreams;
  private EmailClient client;

  @BeforeEach
  void client() {
    downstreams =
        Downstreams.create(
            TestSupport.config(email, email, email, dir).build(),
            KeelClock.system(),
            new SimpleMeterRegistry());
    client = downstreams.email();
    jobs.register(
        ConfirmationEmail.JOB_TYPE,
        ConfirmationEmail.class,
        HandlerOptions.DEFAULTS.withMaxAttempts(3),
        new ConfirmationEmailHandler(client));
  }

  @AfterEach
  void close() {
    downstreams.close();
  }

  @Test
  void messageHasTheDocumentedShapeAndIsAccepted202() throws Exception {
    assertThat(client.send(EMAIL, "job-key-1")).isEqualTo("msg_job-key-1");
    assertThat(
            email.countRequests(
                postRequestedFor(urlPathEqualTo(EmailClient.EMAILS))
                    .withHeader("Idempotency-Key", equalTo("job-key-1"))
                    .withHeader("Content-Type", containing("application/json"))
                    .withRequestBody(matchingJsonPath("$.to", equalTo("ada@example.com")))
                    .withRequestBody(matchingJsonPath("$.template", equalTo("order-confirmation")))
                    .withRequestBody(matchingJsonPath("$.orderId", equalTo("ord_1")))))
        .isEqualTo(1);
  }

  @Test
  void undeliverableAddressIs422AndDeadLettersAtOnce() {
    ConfirmationEmail bad =
        new ConfirmationEmail(
            "nobody@undeliverable.example",
            ConfirmationEmail.TEMPLATE,
            "ord_1",
            "cust-1",
            1,
            "EUR");
    assertThatThrownBy(() -> client.send(bad, "k"))
        .isInstanceOfSatisfying(
            EmailRejectedException.class, e -> assertThat(e.status()).isEqualTo(422));

    long id = jobs.enqueue(JobRequest.of(ConfirmationEmail.JOB_TYPE, bad)).jobId();
    jobs.runAll();

    jobs.expectJob(id)
        .isDead()
        .hasAttempts(1)
        .hasErrorTypes("dev.keel.jobs.NonRetryableException")
        .hasLastErrorMessageContaining("422");
  }

  @Test
  void serverErrorsRetryWithTheSameKeyThenDeadLetterWithTheEnvelope() {
    email.setFaults("status=503");
    assertThatThrownBy(() -> client.send(EMAIL, "k"))
        .isInstanceOf(DependencyServerErrorException.class);
    email.resetJournal();

    long id = jobs.enqueue(JobRequest.of(ConfirmationEmail.JOB_TYPE, EMAIL)).jobId();
    jobs.runAll();

    String error = DependencyServerErrorException.class.getName();
    jobs.expectJob(id).isDead().hasAttempts(3).hasErrorTypes(error, error, error);
    Job job = jobs.job(id);
    assertThat(TestSupport.keys(email, EmailClient.EMAILS))
        .containsExactly(job.idempotencyKey(), job.idempotencyKey(), job.idempotencyKey());
  }

  @Test
  void jobCompletesWithTheMessageIdAsResult() {
    long id = jobs.enqueue(JobRequest.of(ConfirmationEmail.JOB_TYPE, EMAIL)).jobId();
    jobs.runAll();

    Job job = jobs.job(id);
    jobs.expectJob(id)
        .isCompleted()
        .hasAttempts(1)
        .hasResult("{\"messageId\":\"msg_" + job.idempotencyKey() + "\",\"orderId\":\"ord_1\"}");
  }

  @Test
  void stubAnswersAMessageWithoutIdempotencyKeyWithTheDocumented400() throws Exception {
    TestSupport.Answer answer =
        TestSupport.send(
            HttpRequest.newBuilder(URI.create(email.baseUrl() + EmailClient.EMAILS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"ada@example.com\"}"))
                .build());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("type").asText()).endsWith("/idempotency-key-missing");
  }
}
