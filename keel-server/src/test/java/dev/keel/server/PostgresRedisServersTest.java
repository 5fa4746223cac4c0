package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The same server on PostgreSQL and Redis (KEEL_DATABASE_URL, KEEL_REDIS_URL): two instances share
 * them — an idempotent retry on the other instance is replayed, a job enqueued on one is leased and
 * completed through the other.
 */
class PostgresRedisServersTest {

  ServerConfig.Builder config(Pg pg, String prefix) {
    return ServerConfig.builder()
        .databaseUrl(pg.url())
        .redisUrl(URI.create("redis://127.0.0.1:6379"))
        .redisKeyPrefix(prefix)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .apiToken(TestServer.TOKEN);
  }

  @Test
  void twoServersShareOnePostgresAndOneRedis() throws Exception {
    String prefix = "keel-test:" + UUID.randomUUID() + ":";
    try (Pg pg = new Pg();
        KeelServer a = KeelServer.start(config(pg, prefix).build());
        KeelServer b = KeelServer.start(config(pg, prefix).build())) {
      Http ha = new Http(a.port(), TestServer.TOKEN);
      Http hb = new Http(b.port(), TestServer.TOKEN);
      String body = "{\"type\":\"invoice\",\"ownerId\":\"acct-1\",\"payload\":{\"n\":42}}";
      String key = UUID.randomUUID().toString();

      Http.Res first =
          ha.send(
              ha.request("POST", "/v1/queues/default/jobs", body)
                  .header("Idempotency-Key", key)
                  .build());
      assertThat(first.status()).as(first.body()).isEqualTo(201);
      long id = first.json().path("job").path("id").asLong();
      Http.Res retry =
          hb.send(
              hb.request("POST", "/v1/queues/default/jobs", body)
                  .header("Idempotency-Key", key)
                  .build());
      assertThat(retry.status()).isEqualTo(201);
      assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(retry.json().path("job").path("id").asLong()).isEqualTo(id);

      JsonNode leased =
          hb.post("/v1/queues/default/leases", "{\"workerId\":\"w-b\",\"waitSeconds\":10}")
              .json()
              .path("jobs");
      assertThat(leased).hasSize(1);
      assertThat(leased.get(0).path("id").asLong()).isEqualTo(id);
      Http.Res done =
          hb.post(
              "/v1/jobs/" + id + "/complete",
              "{\"leaseToken\":\"" + leased.get(0).path("leaseToken").asText() + "\"}");
      assertThat(done.status()).isEqualTo(200);
      assertThat(ha.get("/v1/jobs/" + id).json().path("state").asText()).isEqualTo("completed");

      JsonNode ready = ha.get("/health/ready").json();
      assertThat(ready.path("dependencies").findValuesAsText("name")).contains("database", "redis");
      assertThat(ready.path("status").asText()).isEqualTo("up");
    }
  }
}
