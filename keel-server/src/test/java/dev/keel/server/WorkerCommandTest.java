package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel worker} in its own process runs Java handlers against the server's PostgreSQL store,
 * and stops gracefully on SIGTERM.
 */
class WorkerCommandTest {

  @TempDir Path dir;

  @Test
  void aWorkerProcessRunsHandlersFromTheClasspathAgainstTheStore() throws Exception {
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
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-cp",
              System.getProperty("java.class.path"),
              KeelCli.class.getName(),
              "worker",
              "--module",
              TestWorkerModule.class.getName(),
              "--worker-id",
              "test-worker");
      pb.environment().put("KEEL_DATABASE_URL", pg.url());
      pb.environment().put("KEEL_SHUTDOWN_GRACE", "PT5S");
      pb.redirectError(dir.resolve("worker-stderr.log").toFile());
      Process worker = pb.start();
      try {
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
          line = out.readLine();
        } while (line != null && !line.contains("keel worker running"));
        assertThat(line).as("the worker's start line").contains("keel worker running 1 module(s)");

        long ok =
            http.post(
                    "/v1/queues/default/jobs",
                    "{\"type\":\"greet\",\"ownerId\":\"o1\",\"payload\":{\"name\":\"Ada\"}}")
                .json()
                .path("job")
                .path("id")
                .asLong();
        long bad =
            http.post(
                    "/v1/queues/default/jobs",
                    "{\"type\":\"greet\",\"ownerId\":\"o2\",\"payload\":{},\"maxAttempts\":1}")
                .json()
                .path("job")
                .path("id")
                .asLong();
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> http.get("/v1/jobs/" + ok).json().path("state").asText().equals("completed"));
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> http.get("/v1/jobs/" + bad).json().path("state").asText().equals("dead"));
        var dead = http.get("/v1/jobs/" + bad).json();
        assertThat(dead.path("errors").get(0).path("message").asText()).contains("no name");
        assertThat(dead.path("errors").get(0).path("workerId").asText()).isEqualTo("test-worker");
      } finally {
        worker.destroy(); // SIGTERM: graceful stop
        assertThat(worker.waitFor(60, TimeUnit.SECONDS))
            .as("worker stopped after SIGTERM")
            .isTrue();
      }
    }
  }
}
