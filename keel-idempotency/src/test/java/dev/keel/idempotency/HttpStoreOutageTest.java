package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Over HTTP, a dead Redis (a private server, killed) gives 503 with Retry-After; nothing runs. */
class HttpStoreOutageTest {

  @Test
  void storeDownIs503ProblemWithRetryAfterAndTheHandlerDoesNotRun() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (PrivateRedis redis = new PrivateRedis();
        RedisIdempotencyStore store = RedisIdempotencyStore.builder(redis.uri()).build()) {
      IdempotencyExecutor executor =
          IdempotencyExecutor.builder(store).unavailableRetryAfter(Duration.ofSeconds(3)).build();
      JavalinIdempotency idempotency =
          JavalinIdempotency.builder(executor).tenant(ctx -> "global").build();
      Javalin app =
          Javalin.create(
                  config ->
                      config.routes.post(
                          "/pay",
                          idempotency.wrap(
                              ctx -> ctx.status(201).result("paid " + runs.incrementAndGet()))))
              .start("127.0.0.1", 0);
      try {
        redis.kill();
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/pay"))
                        .header("Idempotency-Key", "k-1")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("3");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("application/problem+json");
        assertThat(response.body())
            .contains("https://keel.dev/problems/idempotency-store-unavailable");
        assertThat(runs).hasValue(0);
      } finally {
        app.stop();
      }
    }
  }
}
