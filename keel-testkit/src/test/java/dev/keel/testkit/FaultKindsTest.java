package dev.keel.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.testkit.internal.Draws;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault kind, observed by a real HTTP client against a running mock. */
class FaultKindsTest {

  private FaultyMock mock;

  @BeforeEach
  void start() {
    mock = FaultyMock.builder().name("kinds").start();
    mock.stubFor(get(anyUrl()).willReturn(ok("hello").withHeader("Content-Type", "text/plain")));
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  @Test
  void latencyDelaysTheResponseByAtLeastTheConfiguredAmount() throws Exception {
    mock.setFaults("latency=300ms");

    long t0 = System.nanoTime();
    HttpResponse<String> response = Http.get(mock.uri("/slow"));
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
    assertThat(response.headers().firstValue("X-Keel-Fault")).hasValue("latency=300ms");
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    JournalEntry entry = mock.journal().getFirst();
    assertThat(entry.addedDelayMillis()).isEqualTo(300);
    assertThat(entry.faults()).containsExactly("latency=300ms");
  }

  @Test
  void latencyAddsToTheStubsOwnDelay() throws Exception {
    mock.stubFor(get(urlPathEqualTo("/own")).willReturn(ok("x").withFixedDelay(100)));
    mock.setFaults("latency=150ms");

    assertThat(Http.get(mock.uri("/own")).statusCode()).isEqualTo(200);

    assertThat(mock.journal().getFirst().addedDelayMillis()).isEqualTo(250);
  }

  @Test
  void statusBurstHitsExactlyTheScheduledRequests() throws Exception {
    mock.setFaults("status=503#2-4");

    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> faulted = null;
    for (int i = 1; i <= 6; i++) {
      HttpResponse<String> r = Http.get(mock.uri("/burst"));
      statuses.add(r.statusCode());
      if (i == 2) {
        faulted = r;
      }
    }

    assertThat(statuses).containsExactly(200, 503, 503, 503, 200, 200);
    assertThat(faulted.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(faulted.body()).contains("\"status\":503").contains("status=503#2-4");
    assertThat(mock.journal())
        .filteredOn(JournalEntry::faulted)
        .extracting(JournalEntry::requestNumber)
        .containsExactly(2L, 3L, 4L);
    assertThat(mock.journal())
        .extracting(JournalEntry::status)
        .containsExactly(200, 503, 503, 503, 200, 200);
  }

  @Test
  void configurableStatusAlsoReplacesUnmatchedRequests() throws Exception {
    mock.setFaults("status=502#1");

    assertThat(Http.get(mock.uri("/nothing-here")).statusCode()).isEqualTo(502);
    mock.wireMock().resetMappings();
    assertThat(Http.get(mock.uri("/nothing-here")).statusCode()).isEqualTo(404);
  }

  @Test
  void tooManyRequestsCarriesRetryAfterInSeconds() throws Exception {
    mock.setFaults("429=2s#1,429#2");

    HttpResponse<String> first = Http.get(mock.uri("/limited"));
    HttpResponse<String> second = Http.get(mock.uri("/limited"));
    HttpResponse<String> third = Http.get(mock.uri("/limited"));

    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).isEmpty();
    assertThat(third.statusCode()).isEqualTo(200);
  }

  @Test
  void connectionResetSurfacesAsAnIOException() throws Exception {
    mock.setFaults("reset");

    assertThatThrownBy(() -> Http.get(mock.uri("/reset")))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class);

    assertThat(mock.journal())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.faulted("reset")).isTrue());
    mock.clearFaults();
    assertThat(Http.get(mock.uri("/reset")).statusCode()).isEqualTo(200);
  }

  @Test
  void hangTripsTheClientsTimeout() throws Exception {
    mock.setFaults("hang=5s#1");

    assertThatThrownBy(() -> Http.get(mock.uri("/hang"), Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);

    // Only the first request hangs; the next one is answered at once.
    assertThat(Http.get(mock.uri("/hang"), Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
    assertThat(mock.journal().getFirst().faults()).containsExactly("hang=5s#1");
    assertThat(mock.journal().getFirst().addedDelayMillis()).isEqualTo(5_000);
  }

  @Test
  void slowBodyDribblesInButArrivesComplete() throws Exception {
    String body = "0123456789".repeat(200);
    mock.stubFor(
        get(urlPathEqualTo("/big")).willReturn(aResponse().withStatus(200).withBody(body)));
    mock.setFaults("dribble=1s/5");

    long t0 = System.nanoTime();
    HttpResponse<String> response = Http.get(mock.uri("/big"));
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
    // Five chunks over one second: at least the four pauses between them have passed.
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(700);
    assertThat(mock.journal().getFirst().faults()).containsExactly("dribble=1s/5");
  }

  @Test
  void seededRateFaultsExactlyThePredictedRequestsAndAboutTheRate() throws Exception {
    mock.setFaults("seed=11,status=503@0.25");
    int n = 200;

    List<Long> faulted = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      if (Http.get(mock.uri("/rate")).statusCode() == 503) {
        faulted.add(i);
      }
    }

    List<Long> predicted =
        LongStream.rangeClosed(1, n)
            .filter(i -> Draws.uniform(11, 0, i, Draws.FIRE) < 0.25)
            .boxed()
            .toList();
    assertThat(faulted).isEqualTo(predicted);
    // Binomial(200, 0.25): mean 50, sd ~6.1.
    assertThat(faulted.size()).isBetween(25, 75);
    assertThat(mock.countRequests(getRequestedFor(urlPathEqualTo("/rate")))).isEqualTo(n);
  }

  @Test
  void switchingFaultsTakesEffectOnTheNextRequest() throws Exception {
    assertThat(Http.get(mock.uri("/switch")).statusCode()).isEqualTo(200);
    mock.setFaults(FaultSpec.of(FaultRule.always(new FaultAction.Status(504))));
    assertThat(Http.get(mock.uri("/switch")).statusCode()).isEqualTo(504);
    mock.clearFaults();
    assertThat(Http.get(mock.uri("/switch")).statusCode()).isEqualTo(200);
    assertThat(mock.faults().isEmpty()).isTrue();
  }

  @Test
  void anInvalidSpecLeavesTheFaultsInForce() {
    mock.setFaults("status=503");

    assertThatThrownBy(() -> mock.setFaults("status=503@2")).isInstanceOf(FaultSpecException.class);

    assertThat(mock.faults()).hasToString("status=503");
  }

  @Test
  void manyHangingRequestsDoNotStarveTheOthers() throws Exception {
    int hanging = 40;
    mock.setFaults("hang=60s#1-" + hanging);
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < hanging; i++) {
      pending.add(
          Http.CLIENT.sendAsync(
              java.net.http.HttpRequest.newBuilder(mock.uri("/hang")).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> mock.requestsSinceFaultsSet() == hanging);

    // More hanging requests than WireMock has worker threads (25), yet the next one is answered.
    assertThat(Http.get(mock.uri("/fine"), Duration.ofSeconds(20)).statusCode()).isEqualTo(200);
    assertThat(pending).noneMatch(java.util.concurrent.CompletableFuture::isDone);
  }

  @Test
  void aTimeWindowFollowsTheMocksInjectedClock() throws Exception {
    dev.keel.core.ManualClock clock = new dev.keel.core.ManualClock();
    try (FaultyMock windowed =
        FaultyMock.builder().clock(clock).faults("status=503~10s-20s").start()) {
      windowed.stubFor(get(anyUrl()).willReturn(ok()));

      assertThat(Http.status(windowed.uri("/w"))).isEqualTo(200);
      clock.advance(Duration.ofSeconds(10));
      assertThat(Http.status(windowed.uri("/w"))).isEqualTo(503);
      clock.advance(Duration.ofSeconds(10));
      assertThat(Http.status(windowed.uri("/w"))).isEqualTo(200);
    }
  }
}
