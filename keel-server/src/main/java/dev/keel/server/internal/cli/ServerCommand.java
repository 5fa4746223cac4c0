package dev.keel.server.internal.cli;

import dev.keel.server.KeelServer;
import dev.keel.server.ServerConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keel server}: runs the service until SIGTERM or Ctrl-C, then stops gracefully. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Keel service: HTTP API, dashboard, metrics, health.",
      "Settings come from KEEL_* environment variables; flags override them."
    })
public final class ServerCommand implements Callable<Integer> {

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  @Option(names = "--port", description = "HTTP port (KEEL_HTTP_PORT, default 8080; 0 = any)")
  Integer port;

  @Option(names = "--host", description = "interface (KEEL_HTTP_HOST, default 0.0.0.0)")
  String host;

  @Option(names = "--database-url", description = "JDBC URL (KEEL_DATABASE_URL)")
  String databaseUrl;

  @Option(names = "--redis-url", description = "Redis URL (KEEL_REDIS_URL)")
  URI redisUrl;

  @Option(names = "--idempotency-ttl", description = "ISO-8601 (KEEL_IDEMPOTENCY_TTL, PT15M)")
  Duration idempotencyTtl;

  @Option(names = "--visibility-timeout", description = "ISO-8601 (KEEL_VISIBILITY_TIMEOUT, PT30S)")
  Duration visibilityTimeout;

  @Option(names = "--max-request-bytes", description = "KEEL_MAX_REQUEST_BYTES, 1048576")
  Long maxRequestBytes;

  @Option(names = "--max-in-flight", description = "KEEL_MAX_IN_FLIGHT, 256")
  Integer maxInFlight;

  @Option(names = "--shutdown-grace", description = "ISO-8601 (KEEL_SHUTDOWN_GRACE, PT30S)")
  Duration shutdownGrace;

  /** With the process environment. */
  public ServerCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ServerConfig.Builder b = ServerConfig.fromEnvironment(env);
    if (port != null) b.httpPort(port);
    if (host != null) b.httpHost(host);
    if (databaseUrl != null) b.databaseUrl(databaseUrl);
    if (redisUrl != null) b.redisUrl(redisUrl);
    if (idempotencyTtl != null) b.idempotencyTtl(idempotencyTtl);
    if (visibilityTimeout != null) b.visibilityTimeout(visibilityTimeout);
    if (maxRequestBytes != null) b.maxRequestBytes(maxRequestBytes);
    if (maxInFlight != null) b.maxInFlight(maxInFlight);
    if (shutdownGrace != null) b.shutdownGrace(shutdownGrace);
    ServerConfig config = b.build();
    KeelServer server = KeelServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "keel-shutdown"));
    String shownHost =
        config.httpHost().equals("0.0.0.0") || config.httpHost().equals("::")
            ? "127.0.0.1"
            : config.httpHost();
    out.println("Keel is running.");
    out.println("  dashboard: http://" + shownHost + ":" + server.port() + "/");
    out.println("  API:       http://" + shownHost + ":" + server.port() + "/v1");
    out.println("  store:     " + ServerConfig.redactUrl(config.databaseUrl()));
    server
        .generatedToken()
        .ifPresent(
            t -> {
              out.println();
              out.println("  Admin token (shown once; only its hash is stored):");
              out.println("    " + t);
              out.println("  Use it as 'Authorization: Bearer <token>', in the dashboard, or");
              out.println("    export KEEL_API_TOKEN=" + t);
              out.println();
            });
    out.println("Stop with Ctrl-C or SIGTERM (graceful).");
    out.flush();
    stopped.await();
    return 0;
  }
}
