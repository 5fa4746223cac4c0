package dev.keel.jobs.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts and kills {@link WorkerMain} child JVMs; closes by killing whatever is left. */
final class WorkerProcesses implements AutoCloseable {

  private final String url;
  private final String schema;
  private final Path logDir;
  private final List<Process> all = new ArrayList<>();

  WorkerProcesses(String url, String schema) throws Exception {
    this.url = url;
    this.schema = schema;
    this.logDir = Files.createDirectories(Path.of("target", "worker-logs", schema));
  }

  /** Starts a worker process. */
  Process start(String workerId, String mode, int concurrency, long visibilityMillis)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-cp",
            System.getProperty("java.class.path"),
            WorkerMain.class.getName(),
            url,
            schema,
            workerId,
            mode,
            Integer.toString(concurrency),
            Long.toString(visibilityMillis));
    File log = logDir.resolve(workerId + ".log").toFile();
    pb.redirectErrorStream(true).redirectOutput(log);
    Process p = pb.start();
    all.add(p);
    return p;
  }

  /** SIGKILL: no shutdown hooks, no graceful release. */
  static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    for (Process p : all) {
      if (p.isAlive()) {
        kill(p);
      }
    }
  }
}
