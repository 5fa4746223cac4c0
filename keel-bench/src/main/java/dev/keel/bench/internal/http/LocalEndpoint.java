package dev.keel.bench.internal.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The endpoint both clients call: the JDK's {@code com.sun.net.httpserver.HttpServer} on loopback,
 * a virtual thread per exchange, answering every request with 200 and a small JSON body. Counts the
 * requests it answered, so the benchmark can check that no client sent more (or fewer) than it
 * says. Thread-safe.
 */
final class LocalEndpoint implements AutoCloseable {

  /** The body of every answer. */
  static final String BODY = "{\"id\":42,\"status\":\"shipped\",\"items\":3,\"total\":\"42.00\"}";

  private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final LongAdder answered = new LongAdder();

  private LocalEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts the endpoint on a free loopback port. */
  static LocalEndpoint start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    LocalEndpoint endpoint = new LocalEndpoint(server, executor);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
              in.transferTo(OutputStream.nullOutputStream());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BYTES.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(BYTES);
            }
            endpoint.answered.increment();
          }
        });
    server.start();
    return endpoint;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  URI baseUrl() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  /** Requests answered so far. */
  long answered() {
    return answered.sum();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
