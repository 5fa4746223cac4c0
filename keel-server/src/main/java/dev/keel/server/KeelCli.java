package dev.keel.server;

import dev.keel.server.internal.cli.DlqCommand;
import dev.keel.server.internal.cli.JobsCommand;
import dev.keel.server.internal.cli.MockCommand;
import dev.keel.server.internal.cli.QueuesCommand;
import dev.keel.server.internal.cli.ServerCommand;
import dev.keel.server.internal.cli.WorkerCommand;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code keel} command line: {@code server}, {@code worker}, {@code mock}, and the admin verbs
 * {@code queues}, {@code jobs get|cancel}, {@code dlq list|replay|discard} that talk to a running
 * server over its HTTP API (URL from {@code KEEL_URL}, token from {@code KEEL_API_TOKEN}).
 */
@Command(
    name = "keel",
    mixinStandardHelpOptions = true,
    version = "keel 0.1.0-SNAPSHOT",
    description = "Keel: durable jobs, idempotency and resilience as a service.",
    subcommands = {
      ServerCommand.class,
      WorkerCommand.class,
      MockCommand.class,
      QueuesCommand.class,
      JobsCommand.class,
      DlqCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KeelCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Picocli instantiates it. */
  public KeelCli() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Entry point; exits with the command's status. */
  public static void main(String[] args) {
    int code =
        run(
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args);
    if (code != Integer.MIN_VALUE) {
      System.exit(code);
    }
  }

  /**
   * Runs a command with an explicit environment and streams (for tests). A {@code server} command
   * blocks until the server stops.
   *
   * @return the exit status
   */
  public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new KeelCli(), new EnvFactory(env));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          line.getErr().println("keel: " + ex.getMessage());
          return ex instanceof IllegalArgumentException ? 2 : 1;
        });
    return cl.execute(args);
  }

  /** Hands the environment to commands that declare a {@code Map<String,String>} constructor. */
  private record EnvFactory(Map<String, String> env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(Map.class).newInstance(env);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
