package dev.keel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code keel mock} entry point as the server CLI calls it, and its argument handling. */
class MockServerCommandTest {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  @TempDir Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private Path payment() throws IOException {
    Path stubs = dir.resolve("payment");
    Files.createDirectories(stubs.resolve("mappings"));
    Files.writeString(
        stubs.resolve("mappings/health.json"),
        """
        {"request": {"method": "GET", "url": "/health"},
         "response": {"status": 200, "body": "up"}}
        """);
    return stubs;
  }

  @Test
  void runsUntilInterruptedServingStubsWithSwitchableFaults() throws Exception {
    Path stubs = payment();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread runner =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.set(
                        MockServerCommand.run(
                            new MockServerCommand.Options(stubs, 0, "status=503#1", "127.0.0.1"),
                            out,
                            err)));

    await().atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(out()).find());
    Matcher m = LISTENING.matcher(out());
    assertThat(m.find()).isTrue();
    String base = m.group(1);
    assertThat(out())
        .contains("keel mock: payment listening on")
        .contains("1 mappings")
        .contains("faults:  status=503#1")
        .contains(base + "/__keel/faults")
        .contains(base + "/__admin/requests");

    assertThat(Http.status(URI.create(base + "/health"))).isEqualTo(503);
    assertThat(Http.status(URI.create(base + "/health"))).isEqualTo(200);
    Http.send("POST", URI.create(base + "/__keel/faults"), "status=500", "text/plain");
    assertThat(Http.status(URI.create(base + "/health"))).isEqualTo(500);

    runner.interrupt();
    runner.join(Duration.ofSeconds(30));

    assertThat(exit.get()).isEqualTo(MockServerCommand.OK);
    assertThat(out()).contains("keel mock: payment stopped");
    try {
      Http.get(URI.create(base + "/health"));
      throw new AssertionError("the mock still answers after stopping");
    } catch (ConnectException expected) {
      // stopped
    }
  }

  @Test
  void startReturnsARunningMockForCallersThatManageItThemselves() throws Exception {
    try (FaultyMock mock =
        MockServerCommand.start(new MockServerCommand.Options(payment(), 0, null, "127.0.0.1"))) {
      assertThat(mock.name()).isEqualTo("payment");
      assertThat(mock.faults().isEmpty()).isTrue();
      assertThat(Http.status(mock.uri("/health"))).isEqualTo(200);
    }
  }

  @Test
  void aMissingStubsDirectoryIsAUsageErrorAndStartsNothing() {
    int code =
        MockServerCommand.run(
            MockServerCommand.Options.of(dir.resolve("absent"), 0, null), out, err);

    assertThat(code).isEqualTo(MockServerCommand.USAGE);
    assertThat(err()).contains("keel mock: stubs directory").contains("does not exist");
    assertThat(out()).isEmpty();
  }

  @Test
  void anInvalidSpecIsAUsageErrorNamingTheItem() throws Exception {
    int code =
        MockServerCommand.run(
            new MockServerCommand.Options(payment(), 0, "latency=200ms,status=9", "127.0.0.1"),
            out,
            err);

    assertThat(code).isEqualTo(MockServerCommand.USAGE);
    assertThat(err()).contains("\"status=9\"").contains("three-digit code").contains("TRIGGERs");
  }

  @Test
  void aPortInUseIsAStartFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int code =
          MockServerCommand.run(
              new MockServerCommand.Options(payment(), taken.getLocalPort(), null, "127.0.0.1"),
              out,
              err);

      assertThat(code).isEqualTo(MockServerCommand.START_FAILED);
      assertThat(err()).contains("could not start on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void mainParsesItsOptions() throws Exception {
    Path stubs = payment();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread runner =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.set(
                        MockServerCommand.main(
                            new String[] {
                              "--stubs",
                              stubs.toString(),
                              "--port=0",
                              "--bind",
                              "127.0.0.1",
                              "--faults",
                              "429=3s"
                            },
                            out,
                            err)));
    await().atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(out()).find());
    assertThat(out()).contains("listening on http://127.0.0.1:").contains("faults:  429=3s");

    runner.interrupt();
    runner.join(Duration.ofSeconds(30));
    assertThat(exit.get()).isZero();
  }

  @Test
  void mainRejectsBadArgumentsWithUsage() {
    assertThat(MockServerCommand.main(new String[] {}, out, err))
        .isEqualTo(MockServerCommand.USAGE);
    assertThat(err()).contains("--stubs DIR is required").contains("Usage: keel mock");

    assertThat(MockServerCommand.main(new String[] {"--stubs", "x", "--port", "http"}, out, err))
        .isEqualTo(MockServerCommand.USAGE);
    assertThat(err()).contains("--port must be a number in 0..65535, was \"http\"");

    assertThat(MockServerCommand.main(new String[] {"--verbose", "yes"}, out, err))
        .isEqualTo(MockServerCommand.USAGE);
    assertThat(err()).contains("unknown option --verbose");

    assertThat(MockServerCommand.main(new String[] {"--stubs"}, out, err))
        .isEqualTo(MockServerCommand.USAGE);
    assertThat(err()).contains("--stubs needs a value");

    assertThat(MockServerCommand.main(new String[] {"--help"}, out, err))
        .isEqualTo(MockServerCommand.OK);
    assertThat(out()).contains("--faults SPEC");
  }
}
