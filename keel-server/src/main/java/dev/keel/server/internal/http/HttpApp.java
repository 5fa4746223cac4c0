package dev.keel.server.internal.http;

import dev.keel.server.internal.auth.Authenticator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin application: request filter (ids, shedding, size, access log), bearer auth on {@code
 * /v1}, problem+json for every error, and the mounted {@link RouteModule}s. Handlers run on virtual
 * threads.
 */
public final class HttpApp {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApp.class);

  private final Javalin javalin;
  private final InFlightLimiter limiter;
  private final InFlightLimiter polls;
  private final String host;
  private final int port;

  /** Assembles the app; nothing listens until {@link #start()}. */
  public HttpApp(
      String host,
      int port,
      long maxRequestBytes,
      InFlightLimiter limiter,
      InFlightLimiter polls,
      Authenticator auth,
      MeterRegistry registry,
      List<RouteModule> modules) {
    this.limiter = limiter;
    this.polls = polls;
    this.host = host;
    this.port = port;
    RequestFilter filter = new RequestFilter(limiter, polls, maxRequestBytes, registry);
    this.javalin =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.concurrency.useVirtualThreads = true;
              cfg.http.maxRequestSize = maxRequestBytes;
              cfg.http.prefer405over404 = true;
              cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
              cfg.jetty.modifyServletContextHandler(
                  h ->
                      h.addFilter(
                          new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST)));
              // handlers were drained already (InFlightLimiter.drain); this grace lets Jetty flush
              // the
              // last responses before it closes connections
              cfg.jetty.modifyServer(
                  s -> {
                    s.setStopTimeout(5_000);
                    s.setErrorHandler(new ProblemErrorHandler());
                  });
              var routes = cfg.routes;
              routes.before(ctx -> authenticate(ctx, auth));
              routes.beforeMatched(
                  ctx -> {
                    var ep = ctx.endpoints().matchedHttpEndpoint();
                    if (ep != null) {
                      ctx.attribute(RequestFilter.ROUTE_ATTRIBUTE, ep.path);
                    }
                  });
              routes.exception(Problem.Exception.class, (e, ctx) -> write(ctx, e.problem()));
              routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> write(ctx, map(e, ctx, maxRequestBytes)));
              routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    String id = ctx.attribute(RequestIds.ATTRIBUTE);
                    LOG.error(
                        "unhandled error on {} {} (request {})", ctx.method(), ctx.path(), id, e);
                    write(ctx, Problems.internal(id));
                  });
              for (RouteModule m : modules) {
                m.register(routes);
              }
            });
  }

  private static void authenticate(Context ctx, Authenticator auth) {
    String path = ctx.path();
    if (!path.equals("/v1") && !path.startsWith("/v1/")) {
      return;
    }
    switch (auth.check(ctx.header("Authorization"))) {
      case OK -> {}
      case MISSING ->
          throw Problems.unauthorized(
                  "send the admin token as 'Authorization: Bearer <token>' (KEEL_API_TOKEN, or"
                      + " the token printed on the server's first start)")
              .toException();
      case MALFORMED ->
          throw Problems.unauthorized("the Authorization header must be 'Bearer <token>'")
              .toException();
      case WRONG -> throw Problems.unauthorized("the bearer token is not valid").toException();
    }
  }

  private static Problem map(HttpResponseException e, Context ctx, long maxRequestBytes) {
    return switch (e.getStatus()) {
      case 404 -> Problems.notFound("no route for " + ctx.method() + " " + ctx.path());
      case 405 ->
          Problems.methodNotAllowed(
              ctx.method() + " is not supported on " + ctx.path() + "; see the API table");
      case 413 -> Problems.tooLarge(maxRequestBytes);
      default ->
          Problems.of(
              "http-" + e.getStatus(),
              "HTTP " + e.getStatus(),
              e.getStatus(),
              e.getMessage() == null ? "" : e.getMessage(),
              List.of(),
              java.util.Map.of());
    };
  }

  /** Writes {@code p} as the response. */
  public static void write(Context ctx, Problem p) {
    ctx.status(p.status());
    p.headers().forEach(ctx::header);
    ctx.contentType(Problem.MEDIA_TYPE);
    ctx.result(ProblemWriter.bytes(p, ctx.path()));
  }

  /** Starts listening. */
  public HttpApp start() {
    javalin.start(host, port);
    return this;
  }

  /** The bound port. */
  public int port() {
    return javalin.port();
  }

  /**
   * Sheds new requests, waits up to {@code grace} for in-flight ones, then stops Jetty.
   *
   * @return true when every in-flight request finished in time
   */
  public boolean stop(Duration grace) {
    limiter.startDraining();
    polls.startDraining();
    long deadline = System.nanoTime() + grace.toNanos();
    boolean clean = polls.awaitIdle(grace);
    clean &= limiter.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    javalin.stop();
    return clean;
  }
}
