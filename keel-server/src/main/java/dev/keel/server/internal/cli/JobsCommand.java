package dev.keel.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keel jobs get|cancel ID}. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Shows or cancels one job.",
    subcommands = {JobsCommand.Get.class, JobsCommand.Cancel.class})
public final class JobsCommand implements Runnable {

  @Spec CommandSpec spec;

  /** Picocli instantiates it. */
  public JobsCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static String path(String id) {
    return "/v1/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** {@code keel jobs get ID}. */
  @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a job.")
  public static final class Get implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec CommandSpec spec;

    @Mixin AdminOptions opts;

    @Parameters(paramLabel = "ID", description = "the job id")
    String id;

    /** With the process environment. */
    public Get(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      JsonNode job = ApiClient.fromEnv(env, opts.url).get(path(id));
      if (opts.json) {
        Cli.json(out, job);
        return 0;
      }
      printJob(out, job);
      return 0;
    }
  }

  static void printJob(PrintWriter out, JsonNode job) {
    for (String f :
        new String[] {
          "id",
          "queue",
          "type",
          "state",
          "attempt",
          "maxAttempts",
          "ownerId",
          "runAt",
          "createdAt",
          "finishedAt",
          "deadAt"
        }) {
      if (job.has(f)) {
        out.printf("%-12s %s%n", f, Cli.text(job, f));
      }
    }
    if (job.has("payload")) {
      out.printf("%-12s %s%n", "payload", job.get("payload"));
    }
    JsonNode errors = job.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      out.println("errors:");
      for (JsonNode e : errors) {
        out.printf(
            "  #%s %s %s: %s%n",
            Cli.text(e, "attempt"), Cli.text(e, "at"), Cli.text(e, "type"), Cli.text(e, "message"));
      }
    }
    out.flush();
  }

  /** {@code keel jobs cancel ID}. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancels a job that is not running.")
  public static final class Cancel implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec CommandSpec spec;

    @Mixin AdminOptions opts;

    @Parameters(paramLabel = "ID", description = "the job id")
    String id;

    /** With the process environment. */
    public Cancel(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      JsonNode job = ApiClient.fromEnv(env, opts.url).delete(path(id));
      if (opts.json) {
        Cli.json(out, job);
      } else {
        out.println("cancelled " + id + " (state " + Cli.text(job, "state") + ")");
        out.flush();
      }
      return 0;
    }
  }
}
