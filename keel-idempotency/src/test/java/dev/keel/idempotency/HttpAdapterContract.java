package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP behaviour both adapters share, against a real embedded server and the JDK's HTTP client.
 * The app under test: {@code POST /orders} counts its runs and answers 201 with a {@code Location}
 * and a JSON body echoing the request; {@code X-Fail: 500} makes it answer 500, {@code X-Block:
 * true} makes it wait for {@link #unblock}. The tenant comes from {@code X-Tenant}.
 */
abstract class HttpAdapterContract {

  final AtomicInteger runs = new AtomicInteger();
  final CountDownLatch blocked = new CountDownLatch(1);
  final CountDownLatch unblock = new CountDownLatch(1);
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  IdempotencyStore store;
  URI base;

  /** Starts the app with the adapter over {@code executor}; returns its base URI. */
  abstract URI start(IdempotencyExecutor executor) throws Exception;

  abstract void stop() throws Exception;

  /** The app's handler logic, shared by both adapters: returns {status, location, body}. */
  String[] order(String body, String fail, String block) throws InterruptedException {
    int n = runs.incrementAndGet();
    if ("true".equals(block)) {
      blocked.countDown();
      assertThat(unblock.await(30, TimeUnit.SECONDS)).isTrue();
    }
    if (fail != null) {
      return new String[] {fail, null, "{\"error\":\"down\"}"};
    }
    return new String[] {"201", "/orders/" + n, "{\"order\":" + n + ",\"request\":" + body + "}"};
  }

  @BeforeEach
  void startApp() throws Exception {
    store = InMemoryIdempotencyStore.create();
    base = start(IdempotencyExecutor.builder(store).build());
  }

  @AfterEach
  void stopApp() throws Exception {
    unblock.countDown();
    stop();
    store.close();
  }

  @Test
  void aRepeatIsReplayedWithItsStatusHeadersAndBody() throws Exception {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = post(key, "alice", "{\"amount\":10,\"currency\":\"EUR\"}");
    HttpResponse<String> second = post(key, "alice", "{\"amount\":10,\"currency\":\"EUR\"}");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(second.headers().firstValue("Location")).contains("/orders/1");
    assertThat(first.headers().firstValue("X-Not-Stored")).contains("live-only");
    assertThat(second.headers().firstValue("X-Not-Stored")).as("not a stored header").isEmpty();
    assertThat(second.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(runs).hasValue(1);
  }

  @Test
  void jsonThatDiffersOnlyInMemberOrderAndWhitespaceIsTheSameRequest() throws Exception {
    String key = UUID.randomUUID().toString();
    post(key, "alice", "{\"amount\":10,\"currency\":\"EUR\"}");
    HttpResponse<String> reordered =
        post(key, "alice", "{ \"currency\" : \"EUR\",\n \"amount\": 10 }");
    assertThat(reordered.statusCode()).isEqualTo(201);
    assertThat(reordered.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(runs).hasValue(1);
  }

  @Test
  void anotherBodyWithTheSameKeyIs422ProblemJson() throws Exception {
    String key = UUID.randomUUID().toString();
    post(key, "alice", "{\"amount\":10}");
    HttpResponse<String> other = post(key, "alice", "{\"amount\":99}");
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(other.body())
        .contains("\"type\":\"https://keel.dev/problems/idempotency-key-mismatch\"")
        .contains("\"status\":422");
    assertThat(runs).hasValue(1);
  }

  @Test
  void missingOrMalformedKeysAre400AndNothingRuns() throws Exception {
    HttpResponse<String> missing = send(request(null, "alice", "{}"));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("https://keel.dev/problems/idempotency-key-missing");

    HttpResponse<String> overlong = post("x".repeat(256), "alice", "{}");
    assertThat(overlong.statusCode()).isEqualTo(400);
    assertThat(overlong.body()).contains("https://keel.dev/problems/idempotency-key-invalid");
    assertThat(runs).hasValue(0);
  }

  @Test
  void serverErrorsAreNotReplayed() throws Exception {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> failed = send(request(key, "alice", "{}").header("X-Fail", "500").build());
    assertThat(failed.statusCode()).isEqualTo(500);
    HttpResponse<String> retry = post(key, "alice", "{}");
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(runs).hasValue(2);
  }

  @Test
  void aRepeatWhileTheFirstRunsIs409WithRetryAfter() throws Exception {
    String key = UUID.randomUUID().toString();
    CompletableFuture<HttpResponse<String>> first =
        client.sendAsync(
            request(key, "alice", "{}").header("X-Block", "true").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> second = post(key, "alice", "{}");
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.headers().firstValue("Retry-After")).isPresent();
    assertThat(second.body()).contains("https://keel.dev/problems/idempotency-key-in-flight");

    unblock.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    assertThat(runs).hasValue(1);
  }

  @Test
  void twoTenantsWithTheSameKeyGetTheirOwnResponses() throws Exception {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> alice = post(key, "alice", "{\"who\":\"alice\"}");
    HttpResponse<String> bob = post(key, "bob", "{\"who\":\"bob\"}");
    assertThat(bob.statusCode()).isEqualTo(201);
    assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(bob.body()).contains("bob").doesNotContain("alice");
    assertThat(post(key, "alice", "{\"who\":\"alice\"}").body()).isEqualTo(alice.body());
    assertThat(runs).hasValue(2);
  }

  @Test
  void unguardedMethodsPassThroughWithoutAKey() throws Exception {
    HttpResponse<String> get =
        client.send(
            HttpRequest.newBuilder(base.resolve("/orders")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("listing");
  }

  @Test
  void aRequestWithoutATenantIs401() throws Exception {
    HttpResponse<String> anonymous = post(UUID.randomUUID().toString(), null, "{}");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("idempotency-tenant-unknown");
    assertThat(runs).hasValue(0);
  }

  HttpResponse<String> post(String key, String tenant, String json) throws Exception {
    return send(request(key, tenant, json).build());
  }

  HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
    return send(builder.build());
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String key, String tenant, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/orders"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    if (tenant != null) {
      b.header("X-Tenant", tenant);
    }
    return b;
  }
}
