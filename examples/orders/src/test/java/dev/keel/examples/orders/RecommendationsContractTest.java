package dev.keel.examples.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.core.KeelClock;
import dev.keel.examples.orders.internal.Downstreams;
import dev.keel.testkit.FaultyMock;
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
 * The recommendations stubs against the example's {@link RecommendationsClient}: the request shape,
 * the 200 answer, and the degraded answers (cached, then empty) when the service fails.
 */
class RecommendationsContractTest {

  @KeelMock(stubs = "stubs/recommendations")
  FaultyMock recommendations;

  @TempDir Path dir;

  private Downstreams downstreams;
  private RecommendationsClient client;

  @BeforeEach
  void client() {
    downstreams =
        Downstreams.create(
            TestSupport.config(recommendations, recommendations, recommendations, dir).build(),
            KeelClock.system(),
            new SimpleMeterRegistry());
    client = downstreams.recommendations();
  }

  @AfterEach
  void close() {
    downstreams.close();
  }

  @Test
  void requestHasTheDocumentedShapeAndTheAnswerIsRead() throws Exception {
    Recommendations r = client.forCustomer("cust-1");

    assertThat(r.degraded()).isFalse();
    assertThat(r.items())
        .extracting(Recommendations.Item::sku)
        .containsExactly("BOOK-2", "BOOK-7", "MUG-1");
    assertThat(
            recommendations.countRequests(
                getRequestedFor(urlPathEqualTo(RecommendationsClient.PATH))
                    .withQueryParam("customerId", equalTo("cust-1"))
                    .withQueryParam("limit", equalTo("3"))))
        .isEqualTo(1);
  }

  @Test
  void failureAfterAGoodAnswerServesTheCachedAnswerAsDegraded() throws Exception {
    client.forCustomer("cust-1");
    recommendations.setFaults("status=503");

    Recommendations r = client.forCustomer("cust-1");

    assertThat(r.degraded()).isTrue();
    assertThat(r.items()).hasSize(3);
  }

  @Test
  void failureWithNothingCachedServesAnEmptyDegradedAnswer() throws Exception {
    recommendations.setFaults("reset");

    Recommendations r = client.forCustomer("cust-2");

    assertThat(r.degraded()).isTrue();
    assertThat(r.items()).isEmpty();
    assertThat(client.http().health().status().name()).isEqualTo("DEGRADED");
  }

  @Test
  void timeoutIsDegradedNotAnError() throws Exception {
    recommendations.setFaults("hang=6s"); // beyond the 2 s timeout

    Recommendations r = client.forCustomer("cust-3");

    assertThat(r.degraded()).isTrue();
    assertThat(r.items()).isEmpty();
  }

  @Test
  void stubAnswersARequestWithoutCustomerWithTheDocumented400() throws Exception {
    TestSupport.Answer answer =
        TestSupport.send(
            HttpRequest.newBuilder(
                    URI.create(recommendations.baseUrl() + RecommendationsClient.PATH))
                .GET()
                .build());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("type").asText()).endsWith("/invalid-query");
  }
}
