package dev.keel.testkit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * The mock as a process, for local development: {@code keel mock --stubs DIR [--port P] [--faults
 * SPEC]}. {@code keel-server}'s CLI delegates its {@code mock} verb to {@link #run(Options,
 * PrintStream, PrintStream)}; {@link #main(String[])} is the same without the server.
 *
 * <p>One process stands in for one downstream: {@code DIR} holds that downstream's stubs in
 * WireMock's layout ({@code mappings/*.json}, {@code __files/}). Run one per downstream on its own
 * port and point each {@code *_SERVICE_URL} at it. Faults switch at run time over {@code
 * /__keel/faults} on the same port; see the module README.
 *
 * <p>Exit codes: 0 after a normal stop (Ctrl-C, interrupt), 2 for bad arguments (missing stubs
 * directory, invalid SPEC), 1 when the server cannot start (port in use, invalid stub file).
 */
public final class MockServerCommand {

  /** Exit code after a normal stop. */
  public static final int OK = 0;

  /** Exit code when the server cannot start. */
  public static final int START_FAILED = 1;

  /** Exit code for bad arguments. */
  public static final int USAGE = 2;

  /** The port used when none is given: 8081. */
  public static final int DEFAULT_PORT = 8081;

  /** The command-line help. */
  public static final String USAGE_TEXT =
      """
      Usage: keel mock --stubs DIR [--port P] [--faults SPEC] [--bind ADDRESS]
        --stubs DIR      stub files of one downstream: DIR/mappings/*.json (WireMock stub
                         mappings) and DIR/__files/ (response bodies)
        --port P         port to listen on [8081]; 0 picks a free port
        --faults SPEC    faults in force from the start [none], e.g.
                         latency=200ms@0.5,status=503#1-5,429=2s@0.1,reset@0.05,hang=10s@0.01
        --bind ADDRESS   address to listen on [0.0.0.0]
      At run time: POST/GET/DELETE /__keel/faults, GET/DELETE /__keel/journal on the same port;
      WireMock's own admin API is under /__admin (e.g. /__admin/requests).
      """;

  private MockServerCommand() {}

  /**
   * What to run.
   *
   * @param stubs the stubs directory of one downstream
   * @param port the port, 0 for a free one
   * @param faults the SPEC in force from the start; null or blank for none
   * @param bindAddress the address to listen on
   */
  public record Options(Path stubs, int port, String faults, String bindAddress) {
    /** Checks presence; ranges are checked when the mock starts. */
    public Options {
      Objects.requireNonNull(stubs, "stubs");
      Objects.requireNonNull(bindAddress, "bindAddress");
    }

    /** Options listening on every interface. */
    public static Options of(Path stubs, int port, String faults) {
      return new Options(stubs, port, faults, "0.0.0.0");
    }
  }

  /**
   * Starts the mock and returns it running (the caller closes it).
   *
   * @throws IllegalArgumentException for a missing stubs directory, a bad port or an invalid SPEC
   *     ({@link FaultSpecException}); nothing is started
   * @throws IllegalStateException if the server cannot start
   */
  public static FaultyMock start(Options options) {
    FaultyMockBuilder builder =
        FaultyMock.builder()
            .stubs(options.stubs())
            .port(options.port())
            .bindAddress(options.bindAddress())
            .faults(options.faults() == null ? "" : options.faults());
    Path fileName = options.stubs().toAbsolutePath().normalize().getFileName();
    if (fileName != null) {
      builder.name(fileName.toString());
    }
    return builder.start();
  }

  /** {@link #run(Options, PrintStream, PrintStream)} on every interface with standard streams. */
  public static int run(Path stubsDir, int port, String faultsSpec) {
    return run(Options.of(stubsDir, port, faultsSpec), System.out, System.err);
  }

  /**
   * Starts the mock, prints where it listens and how to switch faults, and blocks until the JVM
   * shuts down (Ctrl-C) or the calling thread is interrupted; then stops the mock.
   *
   * @return the exit code: {@link #OK}, {@link #USAGE} or {@link #START_FAILED}
   */
  public static int run(Options options, PrintStream out, PrintStream err) {
    FaultyMock mock;
    try {
      mock = start(options);
    } catch (IllegalArgumentException e) {
      err.println("keel mock: " + e.getMessage());
      return USAGE;
    } catch (IllegalStateException e) {
      err.println("keel mock: " + e.getMessage());
      return START_FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              mock.close();
              stopped.countDown();
            },
            "keel-mock-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    printBanner(mock, out);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      mock.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running or has run; nothing to remove.
      }
    }
    out.println("keel mock: " + mock.name() + " stopped");
    return OK;
  }

  private static void printBanner(FaultyMock mock, PrintStream out) {
    String url = mock.baseUrl();
    out.println(
        "keel mock: "
            + mock.name()
            + " listening on "
            + url
            + " (stubs "
            + mock.stubsDescription()
            + ", "
            + mock.wireMock().getStubMappings().size()
            + " mappings)");
    out.println("  faults:  " + mock.faults());
    out.println("  switch:  curl -X POST " + url + "/__keel/faults -d 'status=503#1-5'");
    out.println("  clear:   curl -X DELETE " + url + "/__keel/faults");
    out.println(
        "  journal: curl " + url + "/__keel/journal   (WireMock: " + url + "/__admin/requests)");
    out.println("  Ctrl-C to stop");
    out.flush();
  }

  /**
   * Parses {@code --stubs DIR [--port P] [--faults SPEC] [--bind ADDRESS]} and runs the mock. Exits
   * the JVM with the exit code unless it is {@link #OK}.
   */
  public static void main(String[] args) {
    int code = main(args, System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  /** {@link #main(String[])} without exiting, for tests and embedding; returns the exit code. */
  static int main(String[] args, PrintStream out, PrintStream err) {
    Path stubs = null;
    int port = DEFAULT_PORT;
    String faults = null;
    String bind = "0.0.0.0";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        out.print(USAGE_TEXT);
        return OK;
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        err.println("keel mock: " + arg + " needs a value");
        err.print(USAGE_TEXT);
        return USAGE;
      }
      switch (name) {
        case "--stubs" -> stubs = Path.of(value);
        case "--faults" -> faults = value;
        case "--bind" -> bind = value;
        case "--port" -> {
          if (!value.matches("\\d{1,5}")) {
            err.println("keel mock: --port must be a number in 0..65535, was \"" + value + "\"");
            return USAGE;
          }
          port = Integer.parseInt(value);
        }
        default -> {
          err.println("keel mock: unknown option " + name);
          err.print(USAGE_TEXT);
          return USAGE;
        }
      }
    }
    if (stubs == null) {
      err.println("keel mock: --stubs DIR is required");
      err.print(USAGE_TEXT);
      return USAGE;
    }
    return run(new Options(stubs, port, faults, bind), out, err);
  }
}
