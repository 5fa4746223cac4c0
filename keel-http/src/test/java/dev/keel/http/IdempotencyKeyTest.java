package dev.keel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** When the client adds an Idempotency-Key, and when it leaves requests alone. */
class IdempotencyKeyTest extends WireMockSupport {

  private static List<LoggedRequest> posts() {
    return wireMock.findAll(postRequestedFor(urlEqualTo("/charges")));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_post_gets_a_uuid_key_when_retries_are_on(Mode mode) throws Exception {
    wireMock.stubFor(post("/charges").willReturn(aResponse().withStatus(201)));
    wireMock.stubFor(patch(urlEqualTo("/charges")).willReturn(aResponse().withStatus(200)));
    try (KeelHttpClient client = client().maxAttempts(3).build()) {
      var response =
          mode.send(
              client,
              client.request("/charges").POST(BodyPublishers.ofString("{}")).build(),
              BodyHandlers.discarding());
      mode.send(
          client,
          client.request("/charges").method("PATCH", BodyPublishers.ofString("{}")).build(),
          BodyHandlers.discarding());

      String key = posts().get(0).getHeader(KeelHttpClient.IDEMPOTENCY_KEY);
      assertThat(UUID.fromString(key)).isNotNull();
      assertThat(response.request().headers().firstValue(KeelHttpClient.IDEMPOTENCY_KEY))
          .contains(key);
      assertThat(
              wireMock
                  .findAll(patchRequestedFor(urlEqualTo("/charges")))
                  .get(0)
                  .getHeader(KeelHttpClient.IDEMPOTENCY_KEY))
          .isNotBlank()
          .isNotEqualTo(key);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void the_callers_own_key_is_kept(Mode mode) throws Exception {
    wireMock.stubFor(post("/charges").willReturn(aResponse().withStatus(201)));
    try (KeelHttpClient client = client().maxAttempts(3).build()) {
      mode.send(
          client,
          client
              .request("/charges")
              .header(KeelHttpClient.IDEMPOTENCY_KEY, "order-17")
              .POST(BodyPublishers.ofString("{}"))
              .build(),
          BodyHandlers.discarding());
      assertThat(posts().get(0).getHeader(KeelHttpClient.IDEMPOTENCY_KEY)).isEqualTo("order-17");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void no_key_is_added_when_retries_are_off_or_keys_are_switched_off(Mode mode) throws Exception {
    wireMock.stubFor(post("/charges").willReturn(aResponse().withStatus(201)));
    try (KeelHttpClient noRetries = client().maxAttempts(1).build();
        KeelHttpClient noKeys = client().maxAttempts(3).idempotencyKeys(false).build()) {
      for (KeelHttpClient client : List.of(noRetries, noKeys)) {
        mode.send(
            client,
            client.request("/charges").POST(BodyPublishers.ofString("{}")).build(),
            BodyHandlers.discarding());
      }
      assertThat(posts()).hasSize(2);
      assertThat(posts()).noneMatch(r -> r.containsHeader(KeelHttpClient.IDEMPOTENCY_KEY));
    }
  }
}
