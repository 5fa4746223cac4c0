package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's parsing and error paths (the admin verbs against a server: AdminCliTest). */
class KeelCliTest {

  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KeelCli.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommand() {
    Run r = run(Map.of(), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("server", "worker", "mock", "queues", "jobs", "dlq");
  }

  @Test
  void mockWithoutStubsIsAUsageErrorNamingTheOption() {
    Run r = run(Map.of(), "mock");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--stubs");
  }

  @Test
  void mockWithAMissingStubsDirectoryOrBadFaultsStartsNothing(@TempDir Path dir) throws Exception {
    Run missing = run(Map.of(), "mock", "--stubs", dir.resolve("nope").toString(), "--port", "0");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("keel mock:").contains("nope");
    Files.createDirectories(dir.resolve("mappings"));
    Run badFaults = run(Map.of(), "mock", "--stubs", dir.toString(), "--faults", "status=abc");
    assertThat(badFaults.code()).isEqualTo(2);
    assertThat(badFaults.err()).contains("status");
  }

  @Test
  void mockServesTheStubsWithFaultsSwitchableAtRunTime(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("mappings"));
    Files.writeString(
        dir.resolve("mappings/ping.json"),
        """
        {"request": {"method": "GET", "url": "/ping"},
         "response": {"status": 200, "body": "pong"}}
        """);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    Thread cli =
        Thread.ofVirtual()
            .start(
                () ->
                    code.set(
                        KeelCli.run(
                            Map.of(),
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            "mock",
                            "--stubs",
                            dir.toString(),
                            "--port",
                            "0",
                            "--bind",
                            "127.0.0.1")));
    Pattern listening = Pattern.compile("listening on (http://\\S+)");
    String base =
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  Matcher m = listening.matcher(out.toString());
                  return m.find() ? m.group(1) : null;
                },
                java.util.Objects::nonNull);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("pong");

    HttpResponse<String> switched =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/__keel/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("status=503@1.0"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(switched.statusCode()).isBetween(200, 299);
    HttpResponse<String> broken =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(broken.statusCode()).isEqualTo(503);

    cli.interrupt();
    cli.join(Duration.ofSeconds(30));
    assertThat(cli.isAlive()).isFalse();
    assertThat(code.get()).isZero();
    assertThat(out.toString()).contains("stopped");
  }

  @Test
  void badEnvironmentStopsTheServerWithTheVariableNamed() {
    Run r = run(Map.of("KEEL_HTTP_PORT", "abc"), "server");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("KEEL_HTTP_PORT").contains("'abc'");
  }

  @Test
  void aWorkerRefusesTheServersEmbeddedStore() {
    Run r = run(Map.of(), "worker", "--module", TestWorkerModule.class.getName());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("embedded SQLite store").contains("jdbc:postgresql");
  }

  @Test
  void adminVerbsExplainAnUnreachableServer() {
    Run r = run(Map.of("KEEL_URL", "http://127.0.0.1:1"), "queues");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot reach the Keel server").contains("KEEL_URL");
  }

  @Test
  void unknownOptionsAreUsageErrors() {
    Run r = run(Map.of(), "dlq", "list", "--colour");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--colour");
  }
}
