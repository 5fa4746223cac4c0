package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.server.internal.auth.Tokens;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated admin token: printed once, stored only as its hash, stable across restarts. */
class AdminTokenTest {

  @TempDir Path dir;

  ServerConfig.Builder noToken(String url) {
    return ServerConfig.builder().databaseUrl(url).httpHost("127.0.0.1").httpPort(0);
  }

  @Test
  void generatedOnFirstStartOnlyAndStoredHashed() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("keel.db");
    String token;
    try (KeelServer first = KeelServer.start(noToken(url).build())) {
      assertThat(first.generatedToken()).isPresent();
      token = first.generatedToken().get();
      assertThat(token).startsWith("keel_").hasSizeGreaterThan(40);
      assertThat(new Http(first.port(), token).get("/v1/nope").status()).isEqualTo(404);
      assertThat(new Http(first.port(), token + "x").get("/v1/nope").status()).isEqualTo(401);
    }
    List<String> stored = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT * FROM keel_admin_token")) {
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          stored.add(rs.getString(i));
        }
      }
    }
    assertThat(stored).contains(Tokens.sha256Hex(token)).noneMatch(v -> v.contains(token));

    try (KeelServer second = KeelServer.start(noToken(url).build())) {
      assertThat(second.generatedToken()).isEmpty();
      assertThat(new Http(second.port(), token).get("/v1/nope").status()).isEqualTo(404);
    }
  }

  @Test
  void postgresServersShareOneToken() throws Exception {
    String schema = "keel_srv_" + UUID.randomUUID().toString().replace("-", "");
    String admin = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    try (Connection c = DriverManager.getConnection(admin)) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    }
    String url = admin + "&currentSchema=" + schema;
    try (KeelServer a = KeelServer.start(noToken(url).build());
        KeelServer b = KeelServer.start(noToken(url).build())) {
      assertThat(a.generatedToken()).isPresent();
      assertThat(b.generatedToken()).isEmpty();
      String token = a.generatedToken().get();
      assertThat(new Http(b.port(), token).get("/v1/nope").status()).isEqualTo(404);
    } finally {
      try (Connection c = DriverManager.getConnection(admin)) {
        c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void configuredTokenWinsAndAuthCanBeSwitchedOffExplicitly() {
    String url = "jdbc:sqlite:" + dir.resolve("keel.db");
    try (KeelServer s =
        KeelServer.start(noToken(url).apiToken("configured-token-123456").build())) {
      assertThat(s.generatedToken()).isEmpty();
      assertThat(new Http(s.port(), "configured-token-123456").get("/v1/nope").status())
          .isEqualTo(404);
    }
    try (KeelServer s = KeelServer.start(noToken(url).authEnabled(false).build())) {
      assertThat(new Http(s.port(), null).get("/v1/nope").status()).isEqualTo(404);
    }
  }

  @Test
  void redisDownMakesTheServerNotReady() {
    String url = "jdbc:sqlite:" + dir.resolve("keel.db");
    try (KeelServer s =
        KeelServer.start(
            noToken(url)
                .apiToken(TestServer.TOKEN)
                .redisUrl(java.net.URI.create("redis://127.0.0.1:1"))
                .build())) {
      Http.Res r = new Http(s.port(), null).get("/health/ready");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().path("status").asText()).isEqualTo("down");
      assertThat(r.json().path("dependencies").findValuesAsText("status")).contains("up", "down");
      // an idempotent request fails closed: 503, nothing enqueued
      Http http = new Http(s.port(), TestServer.TOKEN);
      Http.Res enq =
          http.send(
              http.request("POST", "/v1/queues/q/jobs", "{\"type\":\"t\",\"ownerId\":\"o\"}")
                  .header("Idempotency-Key", "k-redis-down")
                  .build());
      assertThat(enq.status()).isEqualTo(503);
      assertThat(enq.header("Retry-After")).isNotBlank();
      assertThat(http.get("/v1/dlq?queue=q").status()).isEqualTo(200);
      assertThat(http.get("/v1/queues").body()).doesNotContain("\"q\"");
    }
  }
}
