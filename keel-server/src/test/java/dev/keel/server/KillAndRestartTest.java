package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process on the embedded SQLite store, killed with SIGKILL while clients enqueue, then
 * restarted on the same data: every enqueue that was acknowledged (201) is still there.
 */
class KillAndRestartTest {

  static final Pattern PORT = Pattern.compile("dashboard: http://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir Path dir;

  record Child(Process process, int port) {}

  Child startChild() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            KeelCli.class.getName(),
            "server",
            "--port",
            "0",
            "--host",
            "127.0.0.1");
    pb.environment().put("KEEL_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("keel.db"));
    pb.environment().put("KEEL_API_TOKEN", TestServer.TOKEN);
    pb.redirectError(dir.resolve("child-stderr.log").toFile());
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      Matcher m = PORT.matcher(line);
      if (m.find()) {
        int port = Integer.parseInt(m.group(1));
        Thread.ofVirtual().start(() -> drain(out));
        return new Child(p, port);
      }
    }
    p.destroyForcibly();
    throw new AssertionError(
        "the child server did not start; see " + dir.resolve("child-stderr.log"));
  }

  static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // keep the pipe empty
      }
    } catch (IOException e) {
      // the child died
    }
  }

  @Test
  void everyAcknowledgedEnqueueSurvivesSigkill() throws Exception {
    Child first = startChild();
    Http http = new Http(first.port(), TestServer.TOKEN);
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch enough = new CountDownLatch(200);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int client = c;
      clients.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 5_000 && !stop.get(); i++) {
                      try {
                        Http.Res r =
                            http.post(
                                "/v1/queues/durable/jobs",
                                "{\"type\":\"t\",\"ownerId\":\"c"
                                    + client
                                    + "-"
                                    + i
                                    + "\",\"payload\":"
                                    + i
                                    + "}");
                        if (r.status() == 201) {
                          acked.add(r.json().path("job").path("id").asLong());
                          enough.countDown();
                        }
                      } catch (RuntimeException e) {
                        return; // the server is gone: this request was never acknowledged
                      }
                    }
                  }));
    }
    assertThat(enough.await(120, TimeUnit.SECONDS)).as("200 acknowledged enqueues").isTrue();
    first.process().destroyForcibly(); // SIGKILL, mid-load
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    stop.set(true);
    for (Thread t : clients) {
      t.join(Duration.ofSeconds(60));
    }
    Set<Long> ackedAtKill = Set.copyOf(acked);

    Child second = startChild();
    try {
      Http after = new Http(second.port(), TestServer.TOKEN);
      List<Long> missing = new ArrayList<>();
      for (long id : ackedAtKill) {
        if (after.get("/v1/jobs/" + id).status() != 200) {
          missing.add(id);
        }
      }
      assertThat(missing).as("acknowledged jobs lost after SIGKILL").isEmpty();
      assertThat(ackedAtKill).hasSizeGreaterThanOrEqualTo(200);
    } finally {
      second.process().destroy();
      second.process().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
