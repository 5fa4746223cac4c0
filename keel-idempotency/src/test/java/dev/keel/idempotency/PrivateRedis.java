package dev.keel.idempotency;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A redis-server of this test's own, on a free port, without persistence ({@code --save ''}), so
 * outage tests can stop and restart it without touching the shared server.
 */
final class PrivateRedis implements AutoCloseable {

  final int port;
  private Process process;

  PrivateRedis() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
    start();
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server on {@link #port} and waits until it accepts connections. */
  void start() throws IOException {
    process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(
                new File(System.getProperty("java.io.tmpdir"), "redis-" + port + ".log"))
            .start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
              }
            });
  }

  /** Kills the server (SIGKILL, like a crash) and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server on port " + port + " did not stop");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
