package dev.keel.bench;

import dev.keel.bench.internal.primitives.PrimitivesCommand;
import dev.keel.bench.internal.queue.QueueCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of {@code ./keel bench}: {@code primitives} runs the JMH benchmarks of keel-core
 * beside Resilience4j, Failsafe and Bucket4j; {@code queue} runs the job-queue load harness beside
 * a raw {@code SKIP LOCKED} loop, JobRunr and db-scheduler; {@code idempotency} measures the Redis
 * idempotency store against no idempotency beside redis-benchmark; {@code http} measures {@code
 * KeelHttpClient} against the bare JDK client; {@code server} measures keel-server's HTTP API
 * beside the in-process keel-jobs API. Each writes its table into {@code docs/benchmarks.md} (the
 * section between their markers) unless {@code --smoke} is given.
 *
 * <p>Not thread-safe, not an API: a command line.
 */
public final class Bench {

  private Bench() {}

  /**
   * Runs one command.
   *
   * @param args {@code primitives|queue [--smoke] [--doc PATH] ...}; see {@link #usage()}
   * @throws Exception when a benchmark fails; the exit status is then non-zero
   */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.isEmpty() || rest.contains("-h") || rest.contains("--help")) {
      System.out.println(usage());
      return;
    }
    String command = rest.remove(0);
    boolean smoke = rest.remove("--smoke");
    Path doc = option(rest, "--doc").map(Path::of).orElse(null);
    switch (command) {
      case "primitives" -> {
        String include = option(rest, "--include").orElse(null);
        rejectLeftovers(rest);
        PrimitivesCommand.run(smoke, doc, include);
      }
      case "queue" -> {
        Integer jobs = option(rest, "--jobs").map(Bench::positive).orElse(null);
        String only = option(rest, "--only").orElse(null);
        rejectLeftovers(rest);
        QueueCommand.run(smoke, doc, jobs, only);
      }
      case "idempotency" -> {
        Integer ops = option(rest, "--ops").map(v -> positive("--ops", v)).orElse(null);
        rejectLeftovers(rest);
        dev.keel.bench.internal.idempotency.IdempotencyCommand.run(smoke, doc, ops);
      }
      case "http" -> {
        Integer requests =
            option(rest, "--requests").map(v -> positive("--requests", v)).orElse(null);
        rejectLeftovers(rest);
        dev.keel.bench.internal.http.HttpCommand.run(smoke, doc, requests);
      }
      case "server" -> {
        Integer ops = option(rest, "--ops").map(v -> positive("--ops", v)).orElse(null);
        rejectLeftovers(rest);
        dev.keel.bench.internal.server.ServerCommand.run(smoke, doc, ops);
      }
      default -> {
        System.err.println("bench: unknown command '" + command + "'\n" + usage());
        System.exit(2);
      }
    }
  }

  static String usage() {
    return """
        usage: bench primitives [--smoke] [--doc PATH] [--include REGEX]
               bench queue      [--smoke] [--doc PATH] [--jobs N] [--only raw,dbscheduler,...]
               bench idempotency [--smoke] [--doc PATH] [--ops N]
               bench http       [--smoke] [--doc PATH] [--requests N]
               bench server     [--smoke] [--doc PATH] [--ops N]
          --smoke   a short run (CI); prints the table, writes the document only with --doc
          --doc     the markdown file whose marked section is replaced (docs/benchmarks.md)
        """;
  }

  private static java.util.Optional<String> option(List<String> args, String name) {
    int i = args.indexOf(name);
    if (i < 0) {
      return java.util.Optional.empty();
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value\n" + usage());
    }
    String value = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return java.util.Optional.of(value);
  }

  private static Integer positive(String name, String value) {
    try {
      return positive(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + " must be a positive integer, got '" + value + "'", e);
    }
  }

  private static Integer positive(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--jobs must be a positive integer, got '" + value + "'");
  }

  private static void rejectLeftovers(List<String> rest) {
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException("bench: unexpected arguments " + rest + "\n" + usage());
    }
  }
}
