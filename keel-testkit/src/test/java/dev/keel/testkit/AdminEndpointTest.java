package dev.keel.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.common.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /__keel admin endpoints switch faults at run time and summarise the journal. */
class AdminEndpointTest {

  private FaultyMock mock;

  @BeforeEach
  void start() {
    mock = FaultyMock.builder().faults("latency=1ms").start();
    mock.stubFor(get(anyUrl()).willReturn(ok("fine")));
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> r) {
    return Json.read(r.body(), Map.class);
  }

  @Test
  void getShowsTheFaultsInForce() throws Exception {
    Http.get(mock.uri("/a"));

    HttpResponse<String> r = Http.get(mock.uri("/__keel/faults"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r))
        .containsEntry("spec", "latency=1ms")
        .containsEntry("seed", 1)
        .containsEntry("rules", List.of("latency=1ms"))
        .containsEntry("requestsSinceSet", 1);
  }

  @Test
  void postingAPlainSpecSwitchesFaultsForTheNextRequests() throws Exception {
    HttpResponse<String> set =
        Http.send("POST", mock.uri("/__keel/faults"), "status=503#1-2", "text/plain");

    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(json(set))
        .containsEntry("spec", "status=503#1-2")
        .containsEntry("requestsSinceSet", 0);
    assertThat(
            List.of(
                Http.status(mock.uri("/x")),
                Http.status(mock.uri("/x")),
                Http.status(mock.uri("/x"))))
        .containsExactly(503, 503, 200);
    assertThat(mock.faults()).hasToString("status=503#1-2");
  }

  @Test
  void postingJsonSetsSpecAndSeed() throws Exception {
    HttpResponse<String> set =
        Http.send(
            "POST",
            mock.uri("/__keel/faults"),
            "{\"spec\":\"status=500@0.5\",\"seed\":99}",
            "application/json");

    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(mock.faults()).isEqualTo(FaultSpec.parse("seed=99,status=500@0.5"));
  }

  @Test
  void aBadSpecIsRejectedWithProblemJsonAndChangesNothing() throws Exception {
    HttpResponse<String> r =
        Http.send("POST", mock.uri("/__keel/faults"), "status=503@7", "text/plain");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("detail").toString())
        .contains("\"status=503@7\"")
        .contains("rate must be at most 1")
        .contains("TRIGGERs");
    assertThat(mock.faults()).hasToString("latency=1ms");

    HttpResponse<String> badJson =
        Http.send("POST", mock.uri("/__keel/faults"), "{\"faults\":1}", "application/json");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.body()).contains("needs a string field \\\"spec\\\"");
    assertThat(mock.faults()).hasToString("latency=1ms");
  }

  @Test
  void deleteClearsTheFaults() throws Exception {
    mock.setFaults("status=500");

    HttpResponse<String> r = Http.send("DELETE", mock.uri("/__keel/faults"), null, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r)).containsEntry("spec", "none");
    assertThat(Http.status(mock.uri("/y"))).isEqualTo(200);
  }

  @Test
  void journalSummarisesRequestsStatusesAndFaults() throws Exception {
    mock.setFaults("status=503#2");
    Http.get(mock.uri("/orders?secret=1"));
    Http.get(mock.uri("/orders"));
    Http.get(mock.uri("/stock"));

    // The serve time is filled in after the response is sent; wait for the last one.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> mock.journal().stream().allMatch(e -> e.totalMillis() >= 0));
    HttpResponse<String> r = Http.get(mock.uri("/__keel/journal?limit=2"));

    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> summary = json(r);
    assertThat(summary).containsEntry("total", 3).containsEntry("faulted", 1);
    assertThat(summary.get("byEndpoint")).isEqualTo(Map.of("GET /orders", 2, "GET /stock", 1));
    assertThat(summary.get("byStatus")).isEqualTo(Map.of("200", 2, "503", 1));
    assertThat(summary.get("byFault")).isEqualTo(Map.of("status=503#2", 1));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> recent = (List<Map<String, Object>>) summary.get("recent");
    assertThat(recent).hasSize(2);
    assertThat(recent.get(0))
        .containsEntry("request", 2)
        .containsEntry("path", "/orders")
        .containsEntry("status", 503)
        .containsEntry("faults", List.of("status=503#2"));
    assertThat(r.body()).doesNotContain("secret");
  }

  @Test
  void adminCallsStayOutOfTheJournalAndDeleteEmptiesIt() throws Exception {
    Http.get(mock.uri("/one"));
    Http.get(mock.uri("/__keel/faults"));
    Http.get(mock.uri("/__keel/journal"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(mock.countRequests(anyRequestedFor(anyUrl()))).isEqualTo(1));
    assertThat(mock.journal()).extracting(JournalEntry::path).containsExactly("/one");

    assertThat(Http.send("DELETE", mock.uri("/__keel/journal"), null, null).statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(mock.wireMock().getAllServeEvents()).isEmpty());
    assertThat(mock.journal()).isEmpty();
  }

  @Test
  void unknownEndpointsAndMethodsGetClearAnswers() throws Exception {
    HttpResponse<String> missing = Http.get(mock.uri("/__keel/nope"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("/__keel/faults").contains("/__admin");

    HttpResponse<String> wrongMethod = Http.send("PUT", mock.uri("/__keel/faults"), "x", null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);

    HttpResponse<String> badLimit = Http.get(mock.uri("/__keel/journal?limit=lots"));
    assertThat(badLimit.statusCode()).isEqualTo(400);
  }

  @Test
  void wireMocksOwnAdminApiRemainsAvailable() throws Exception {
    Http.get(mock.uri("/seen"));

    HttpResponse<String> r = Http.get(mock.uri("/__admin/requests"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("/seen").contains("keel-fault");
  }
}
