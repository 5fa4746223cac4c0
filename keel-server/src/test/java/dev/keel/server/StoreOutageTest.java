package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * The job store failing under the API: requests get 503 with Retry-After (never a 500), the store's
 * circuit breaker opens after repeated failures so later requests fail fast, and readiness reports
 * the critical dependency down with its breaker state.
 */
class StoreOutageTest {

  @Test
  void storeFailuresAre503AndOpenTheBreaker() throws Exception {
    try (Pg pg = new Pg();
        KeelServer server =
            KeelServer.start(
                ServerConfig.builder()
                    .databaseUrl(pg.url())
                    .httpHost("127.0.0.1")
                    .httpPort(0)
                    .apiToken(TestServer.TOKEN)
                    .build())) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      assertThat(http.get("/v1/queues").status()).isEqualTo(200);
      JsonNode before = http.get("/health/ready").json();
      assertThat(before.path("dependencies").findValuesAsText("breaker")).contains("closed");

      // the store's tables vanish under the running server
      try (Connection c = DriverManager.getConnection(Pg.ADMIN)) {
        c.createStatement().execute("DROP SCHEMA " + pg.schema + " CASCADE");
      }
      for (int i = 0; i < 5; i++) {
        Http.Res r = http.get("/v1/queues");
        ServerBasicsTest.assertProblem(r, 503, "store-unavailable");
        assertThat(r.header("Retry-After")).isNotBlank();
      }
      Http.Res fast = http.get("/v1/jobs/1");
      ServerBasicsTest.assertProblem(fast, 503, "store-unavailable");
      assertThat(fast.json().path("detail").asText()).contains("circuit breaker open");

      Http.Res ready = http.get("/health/ready");
      assertThat(ready.status()).isEqualTo(503);
      JsonNode store = null;
      for (JsonNode d : ready.json().path("dependencies")) {
        if (d.path("name").asText().equals("job-store")) {
          store = d;
        }
      }
      assertThat(store).isNotNull();
      assertThat(store.path("status").asText()).isEqualTo("down");
      assertThat(store.path("breaker").asText()).isEqualTo("open");
    }
  }
}
