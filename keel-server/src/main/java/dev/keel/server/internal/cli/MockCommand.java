package dev.keel.server.internal.cli;

import dev.keel.testkit.MockServerCommand;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keel mock}: the fault-injecting mock downstream of keel-testkit as a process, for local
 * development. Blocks until interrupted (Ctrl-C or SIGTERM).
 */
@Command(
    name = "mock",
    mixinStandardHelpOptions = true,
    description =
        "A fault-injecting mock downstream for local development (WireMock stubs plus faults"
            + " switchable at run time over POST/GET/DELETE /__keel/faults).")
public final class MockCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--stubs",
      required = true,
      paramLabel = "DIR",
      description = "Stub files of one downstream: DIR/mappings/*.json and DIR/__files/.")
  Path stubs;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port to listen on (0 picks a free one) [default: ${DEFAULT-VALUE}].")
  int port = MockServerCommand.DEFAULT_PORT;

  @Option(
      names = "--faults",
      paramLabel = "SPEC",
      description =
          "Faults in force from the start, e.g. latency=200ms@0.5,status=503#1-5,429=2s@0.1,"
              + "reset@0.05,hang=10s@0.01 (see keel-testkit/README.md).")
  String faults;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on [default: ${DEFAULT-VALUE}].")
  String bind = "0.0.0.0";

  /** Picocli instantiates it. */
  public MockCommand() {}

  @Override
  public Integer call() {
    try (PrintStream out = streamTo(spec.commandLine().getOut());
        PrintStream err = streamTo(spec.commandLine().getErr())) {
      return MockServerCommand.run(
          new MockServerCommand.Options(stubs, port, faults, bind), out, err);
    }
  }

  /** The CLI writes through PrintWriters (tests capture them); the mock prints to streams. */
  private static PrintStream streamTo(PrintWriter writer) {
    OutputStream bytes =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public void write(int b) {
            line.write(b);
            if (b == '\n') {
              flush();
            }
          }

          @Override
          public void flush() {
            writer.print(line.toString(StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
          }
        };
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
