package dev.keel.jobs.process;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL 15 server of our own (initdb + pg_ctl as the postgres OS user, a free
 * port, a temporary data directory), so outage tests never touch the shared server.
 */
final class PrivatePostgres implements AutoCloseable {

  private static final String BIN = "/usr/lib/postgresql/15/bin/";

  private final Path dir;
  private final int port;

  private PrivatePostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Creates and starts a server. */
  static PrivatePostgres start() throws Exception {
    Path dir = Files.createTempDirectory("keel-pg-");
    run("chown", "postgres:postgres", dir.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(dir, port);
    pg.asPostgres(
        BIN + "initdb",
        "-D",
        dir.resolve("data").toString(),
        "-A",
        "trust",
        "-U",
        "postgres",
        "--no-sync");
    pg.startServer();
    return pg;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  void startServer() throws Exception {
    asPostgres(
        BIN + "pg_ctl",
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "-w",
        "-t",
        "60",
        "start");
  }

  void stopServer() throws Exception {
    asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
  }

  /** Like a crash: no checkpoint, every connection cut; the next start runs WAL recovery. */
  void crashServer() throws Exception {
    asPostgres(
        BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
  }

  private void asPostgres(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(List.of(command));
    run(cmd.toArray(String[]::new));
  }

  private static void run(String... command) throws Exception {
    File log = Files.createTempFile("keel-pg-cmd", ".log").toFile();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      String out = Files.readString(log.toPath());
      throw new IOException("command failed: " + String.join(" ", command) + "\n" + out);
    }
    log.delete();
  }

  @Override
  public void close() throws Exception {
    try {
      stopServer();
    } catch (Exception e) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
