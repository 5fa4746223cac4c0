package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  void mockSaysItIsNotAvailableInsteadOfPretending() {
    Run r = run(Map.of(), "mock");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not yet available");
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
