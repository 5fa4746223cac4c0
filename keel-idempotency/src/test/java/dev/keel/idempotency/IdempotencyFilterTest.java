package dev.keel.idempotency;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** {@link IdempotencyFilter} in a real Jetty 12 (ee10, Servlet 6) context on a random port. */
class IdempotencyFilterTest extends HttpAdapterContract {

  private Server server;

  @Override
  URI start(IdempotencyExecutor executor) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(
        new FilterHolder(
            IdempotencyFilter.builder(executor).tenant(r -> r.getHeader("X-Tenant")).build()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new OrdersServlet()), "/orders");
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  void stop() throws Exception {
    server.stop();
  }

  private final class OrdersServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.getWriter().write("listing");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String[] r;
      try {
        r = order(body, req.getHeader("X-Fail"), req.getHeader("X-Block"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      res.setStatus(Integer.parseInt(r[0]));
      if (r[1] != null) {
        res.setHeader("Location", r[1]);
      }
      res.setHeader("X-Not-Stored", "live-only");
      res.setContentType("application/json");
      res.getWriter().write(r[2]);
    }
  }
}
