package dev.keel.server.internal.cli;

import dev.keel.jobs.JobStore;
import dev.keel.jobs.Jobs;
import dev.keel.server.ServerConfig;
import dev.keel.server.WorkerModule;
import dev.keel.server.internal.store.Stores;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keel worker}: runs Java job handlers from a classpath against the job store. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Java job handlers against the job store (KEEL_DATABASE_URL), until SIGTERM.",
      "Handlers come from WorkerModule classes: listed in META-INF/services of the --classpath",
      "jars, or named with --module."
    })
public final class WorkerCommand implements Callable<Integer> {

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  @Option(
      names = "--classpath",
      split = ":",
      paramLabel = "PATH",
      description = "jars or directories with the handlers (':'-separated)")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--module", paramLabel = "CLASS", description = "a WorkerModule class to load")
  List<String> modules = new ArrayList<>();

  @Option(names = "--database-url", description = "JDBC URL (KEEL_DATABASE_URL)")
  String databaseUrl;

  @Option(names = "--worker-id", description = "this worker's id in job records")
  String workerId;

  @Option(names = "--shutdown-grace", description = "ISO-8601 (KEEL_SHUTDOWN_GRACE, PT30S)")
  Duration shutdownGrace;

  /** With the process environment. */
  public WorkerCommand(Map<String, String> env) {
    this.env = env;
  }

  /** Whether {@link #call()} has registered its shutdown hook and started (for tests). */
  final CountDownLatch started = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ServerConfig.Builder b = ServerConfig.fromEnvironment(env);
    if (databaseUrl != null) b.databaseUrl(databaseUrl);
    if (shutdownGrace != null) b.shutdownGrace(shutdownGrace);
    ServerConfig config = b.build();
    if (config.embedded()) {
      // keel-jobs' SQLite store is one process per file: the server owns the embedded store
      throw new IllegalArgumentException(
          "keel worker needs a shared store: the embedded SQLite store ("
              + config.databaseUrl()
              + ") belongs to the one process that opened it, the server. Run the server and"
              + " workers on PostgreSQL (KEEL_DATABASE_URL=jdbc:postgresql://...), or have"
              + " workers pull over HTTP (POST /v1/queues/{queue}/leases)");
    }
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("--classpath entry does not exist: " + p);
      }
      urls.add(p.toUri().toURL());
    }
    ClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), WorkerCommand.class.getClassLoader());
    List<WorkerModule> found = new ArrayList<>();
    for (String name : modules) {
      Class<?> c = Class.forName(name, true, loader);
      if (!WorkerModule.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(
            name + " does not implement " + WorkerModule.class.getName());
      }
      found.add((WorkerModule) c.getDeclaredConstructor().newInstance());
    }
    if (modules.isEmpty()) {
      ServiceLoader.load(WorkerModule.class, loader).forEach(found::add);
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          "no WorkerModule found: give --module CLASS, or a --classpath jar listing one in"
              + " META-INF/services/dev.keel.server.WorkerModule");
    }
    JobStore store = Stores.jobStore(config);
    var jb = Jobs.builder(store).shutdownGrace(config.shutdownGrace());
    if (workerId != null) jb.workerId(workerId);
    Jobs jobs = jb.build();
    for (WorkerModule m : found) {
      m.register(jobs);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              jobs.close();
              store.close();
              stopped.countDown();
            },
            "keel-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    jobs.start();
    out.println(
        "keel worker running "
            + found.size()
            + " module(s) against "
            + ServerConfig.redactUrl(config.databaseUrl())
            + "; stop with Ctrl-C or SIGTERM (graceful)");
    out.flush();
    started.countDown();
    stopped.await();
    return 0;
  }
}
