package dev.keel.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.server.internal.http.Json;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keel dlq list|replay|discard}. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Lists, replays or discards dead-lettered jobs.",
    subcommands = {DlqCommand.ListCmd.class, DlqCommand.Replay.class, DlqCommand.Discard.class})
public final class DlqCommand implements Runnable {

  /** Entries handled per request in bulk operations (progress is printed after each). */
  static final int BATCH = 100;

  @Spec CommandSpec spec;

  /** Picocli instantiates it. */
  public DlqCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Filter options shared by list and the bulk verbs. */
  public static final class Filter {
    @Option(names = "--queue", description = "only this queue")
    String queue;

    @Option(names = "--type", description = "only this job type")
    String type;

    @Option(names = "--error-type", description = "only this error type")
    String errorType;

    @Option(names = "--since", description = "dead-lettered at or after (ISO-8601 instant)")
    String since;

    /** Picocli instantiates it. */
    public Filter() {}

    Map<String, Object> params() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("queue", queue);
      m.put("type", type);
      m.put("errorType", errorType);
      m.put("since", since);
      return m;
    }

    ObjectNode body(int limit) {
      ObjectNode o = Json.MAPPER.createObjectNode();
      params()
          .forEach(
              (k, v) -> {
                if (v != null) {
                  o.put(k, v.toString());
                }
              });
      o.put("limit", limit);
      return o;
    }
  }

  /** {@code keel dlq list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists DLQ entries.")
  public static final class ListCmd implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec CommandSpec spec;

    @Mixin AdminOptions opts;

    @Mixin Filter filter;

    @Option(names = "--limit", defaultValue = "50", description = "entries to show (50)")
    int limit;

    /** With the process environment. */
    public ListCmd(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Map<String, Object> p = filter.params();
      p.put("limit", limit);
      JsonNode body = ApiClient.fromEnv(env, opts.url).get("/v1/dlq" + ApiClient.query(p));
      if (opts.json) {
        Cli.json(out, body);
        return 0;
      }
      Table t = new Table("ID", "QUEUE", "TYPE", "ATTEMPTS", "ERROR", "DEAD AT");
      for (JsonNode e : body.path("entries")) {
        t.row(
            Cli.text(e, "id"),
            Cli.text(e, "queue"),
            Cli.text(e, "type"),
            Cli.text(e, "attempt"),
            Cli.text(e, "errorType"),
            Cli.text(e, "deadAt"));
      }
      t.print(out);
      out.println(body.path("total").asLong() + " entries in total");
      out.flush();
      return 0;
    }
  }

  /** Shared code of replay and discard. */
  abstract static class Action implements Callable<Integer> {
    private final Map<String, String> env;
    private final String verb;
    private final String past;

    @Spec CommandSpec spec;

    @Mixin AdminOptions opts;

    @Mixin Filter filter;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "one job id")
    String id;

    @Option(names = "--all", description = "every entry matching the filter options")
    boolean all;

    @Option(names = "--yes", description = "do not ask: needed for --all")
    boolean yes;

    Action(Map<String, String> env, String verb, String past) {
      this.env = env;
      this.verb = verb;
      this.past = past;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ApiClient api = ApiClient.fromEnv(env, opts.url);
      if (id != null == all) {
        throw new IllegalArgumentException("give either one job ID or --all (with filters)");
      }
      if (id != null) {
        JsonNode r =
            api.post("/v1/dlq/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/" + verb, null);
        if (opts.json) {
          Cli.json(out, r);
        } else {
          out.println(past + " " + id);
          out.flush();
        }
        return 0;
      }
      Map<String, Object> p = filter.params();
      p.put("limit", 1);
      long total = api.get("/v1/dlq" + ApiClient.query(p)).path("total").asLong();
      if (!yes) {
        err.println(total + " entries match; run again with --yes to " + verb + " all of them");
        err.flush();
        return 2;
      }
      long done = 0;
      while (done < total) {
        JsonNode r = api.post("/v1/dlq:" + verb, filter.body((int) Math.min(BATCH, total - done)));
        long n = r.path("count").asLong();
        if (n == 0) {
          break;
        }
        done += n;
        err.printf("%s %d/%d%n", past, done, total);
        err.flush();
      }
      if (opts.json) {
        Cli.json(out, Json.MAPPER.createObjectNode().put("count", done).put("matched", total));
      } else {
        out.println(past + " " + done + " of " + total + " entries");
        out.flush();
      }
      return 0;
    }
  }

  /** {@code keel dlq replay ID | --all}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = "Puts dead jobs back on their queue (history kept).")
  public static final class Replay extends Action {
    /** With the process environment. */
    public Replay(Map<String, String> env) {
      super(env, "replay", "replayed");
    }
  }

  /** {@code keel dlq discard ID | --all}. */
  @Command(
      name = "discard",
      mixinStandardHelpOptions = true,
      description = "Discards dead jobs (they stay visible as discarded).")
  public static final class Discard extends Action {
    /** With the process environment. */
    public Discard(Map<String, String> env) {
      super(env, "discard", "discarded");
    }
  }
}
