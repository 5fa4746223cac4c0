package dev.keel.server;

import dev.keel.server.internal.http.RouteModule;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts servers on a free port over a SQLite file in a temp directory. */
final class TestServer {

  static final String TOKEN = "test-token-0123456789abcdef";

  private TestServer() {}

  static ServerConfig.Builder config(Path dir) {
    return ServerConfig.builder()
        .databaseUrl("jdbc:sqlite:" + dir.resolve("keel.db"))
        .httpHost("127.0.0.1")
        .httpPort(0)
        .apiToken(TOKEN);
  }

  static KeelServer start(
      Path dir, UnaryOperator<ServerConfig.Builder> tweak, RouteModule... extra) {
    return KeelServer.start(tweak.apply(config(dir)).build(), List.of(extra));
  }

  static KeelServer startDefault(Path dir, RouteModule... extra) {
    return start(dir, b -> b, extra);
  }
}
