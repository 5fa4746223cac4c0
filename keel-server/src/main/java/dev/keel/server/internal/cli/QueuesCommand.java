package dev.keel.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keel queues}: every queue's depth by state, DLQ depth and start latency. */
@Command(
    name = "queues",
    mixinStandardHelpOptions = true,
    description = "Lists queues with their depth by state, DLQ depth and start latency.")
public final class QueuesCommand implements Callable<Integer> {

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  @Mixin AdminOptions opts;

  /** With the process environment. */
  public QueuesCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    JsonNode body = ApiClient.fromEnv(env, opts.url).get("/v1/queues");
    if (opts.json) {
      Cli.json(out, body);
      return 0;
    }
    Table t =
        new Table(
            "QUEUE",
            "TIER",
            "AVAILABLE",
            "SCHEDULED",
            "RUNNING",
            "RETRYING",
            "COMPLETED",
            "DLQ",
            "START P99 / TARGET");
    for (JsonNode q : body.path("queues")) {
      JsonNode c = q.path("counts");
      JsonNode lat = q.path("startLatency");
      String dlq = Cli.text(q, "dlqDepth") + (q.path("dlqAlert").asBoolean() ? " (!)" : "");
      String target =
          lat.path("targetSeconds").isNumber()
              ? lat.path("targetSeconds").asLong() + " s"
              : "best effort";
      String p99 = lat.path("p99Ms").isNumber() ? lat.path("p99Ms").asLong() + " ms" : "-";
      t.row(
          Cli.text(q, "name"),
          Cli.text(q, "tier"),
          c.path("available").asLong(),
          c.path("scheduled").asLong(),
          c.path("running").asLong(),
          c.path("retrying").asLong(),
          c.path("completed").asLong(),
          dlq,
          p99 + " / " + target);
    }
    t.print(out);
    return 0;
  }
}
