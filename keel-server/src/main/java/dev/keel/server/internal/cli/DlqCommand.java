package dev.keel.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Progress is printed after this many entries of a bulk operation. */
  static final int PROGRESS_EVERY = 50;

  /** The most entries one bulk command touches. */
  static final int MAX_BULK = 100_000;

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
            Cli.text(e, "finishedAt"));
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
      // Collect the matching ids first (what the user confirms is exactly what is touched),
      // then act on each with progress.
      java.util.List<String> ids = new java.util.ArrayList<>();
      String cursor = null;
      do {
        Map<String, Object> p = filter.params();
        p.put("limit", 1000);
        p.put("cursor", cursor);
        JsonNode page = api.get("/v1/dlq" + ApiClient.query(p));
        for (JsonNode e : page.path("entries")) {
          ids.add(e.path("id").asText());
        }
        cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
      } while (cursor != null && ids.size() < MAX_BULK);
      if (!yes) {
        err.println(ids.size() + " entries match; run again with --yes to " + verb + " them");
        err.flush();
        return 2;
      }
      long done = 0;
      long skipped = 0;
      for (String jobId : ids) {
        try {
          api.post(
              "/v1/dlq/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8) + "/" + verb, null);
          done++;
        } catch (ApiClient.ApiException e) {
          if (e.status() != 404 && e.status() != 409) {
            throw e;
          }
          skipped++; // replayed or discarded meanwhile by someone else
        }
        long n = done + skipped;
        if (n % PROGRESS_EVERY == 0 || n == ids.size()) {
          err.printf("%s %d/%d%n", past, n, ids.size());
          err.flush();
        }
      }
      if (opts.json) {
        Cli.json(
            out,
            Json.MAPPER
                .createObjectNode()
                .put("count", done)
                .put("matched", ids.size())
                .put("skipped", skipped));
      } else {
        out.println(
            past
                + " "
                + done
                + " of "
                + ids.size()
                + " entries"
                + (skipped > 0 ? " (" + skipped + " had changed meanwhile)" : ""));
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
