package dev.keel.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.keel.server.internal.auth.AdminTokenStore;
import dev.keel.server.internal.auth.Authenticator;
import dev.keel.server.internal.auth.Tokens;
import dev.keel.server.internal.health.DatabaseCheck;
import dev.keel.server.internal.health.HealthRegistry;
import dev.keel.server.internal.health.RedisCheck;
import dev.keel.server.internal.http.DashboardRoutes;
import dev.keel.server.internal.http.HttpApp;
import dev.keel.server.internal.http.InFlightLimiter;
import dev.keel.server.internal.http.RouteModule;
import dev.keel.server.internal.http.SystemRoutes;
import dev.keel.server.internal.store.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Keel service: HTTP API, dashboard, metrics and health over one store.
 *
 * <p>{@link #start(ServerConfig)} opens the database, settles the admin token (the configured one,
 * the stored hash, or a freshly generated token whose hash is stored — available once from {@link
 * #generatedToken()}), and listens. {@link #close()} is the graceful stop: new requests and leases
 * are refused with 503, in-flight requests finish within {@link ServerConfig#shutdownGrace()}, then
 * everything is closed. Thread-safe.
 */
public final class KeelServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeelServer.class);

  private final ServerConfig config;
  private final HikariDataSource dataSource;
  private final HttpApp http;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final Optional<String> generatedToken;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KeelServer(
      ServerConfig config,
      HikariDataSource dataSource,
      HttpApp http,
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      Optional<String> generatedToken) {
    this.config = config;
    this.dataSource = dataSource;
    this.http = http;
    this.registry = registry;
    this.gcMetrics = gcMetrics;
    this.generatedToken = generatedToken;
  }

  /**
   * Starts the server.
   *
   * @throws IllegalStateException when the database cannot be opened or the port is taken
   */
  public static KeelServer start(ServerConfig config) {
    return start(config, List.of());
  }

  static KeelServer start(ServerConfig config, List<RouteModule> extraRoutes) {
    HikariDataSource ds = Database.open(config.databaseUrl());
    try {
      Optional<String> generated = Optional.empty();
      Authenticator auth;
      if (!config.authEnabled()) {
        auth = Authenticator.disabled();
        LOG.warn("KEEL_AUTH=off: the /v1 API accepts requests without a token");
      } else if (config.apiToken().isPresent()) {
        auth = Authenticator.ofHash(Tokens.sha256Hex(config.apiToken().get()));
      } else {
        AdminTokenStore.Resolved r = new AdminTokenStore(ds, config.databaseUrl()).resolve();
        auth = Authenticator.ofHash(r.sha256Hex());
        generated = r.generatedToken();
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      InFlightLimiter limiter = new InFlightLimiter(config.maxInFlight());
      Gauge.builder("keel.http.server.in.flight", limiter, InFlightLimiter::inFlight)
          .description("HTTP requests being served now")
          .register(registry);
      HealthRegistry health = new HealthRegistry(limiter::draining);
      health.add(new DatabaseCheck(ds, config.embedded() ? "sqlite" : "postgresql"));
      config.redisUrl().ifPresent(u -> health.add(new RedisCheck(u)));
      List<RouteModule> modules = new ArrayList<>();
      modules.add(new SystemRoutes(health, registry));
      modules.add(new DashboardRoutes());
      modules.addAll(extraRoutes);
      HttpApp http =
          new HttpApp(
                  config.httpHost(),
                  config.httpPort(),
                  config.maxRequestBytes(),
                  limiter,
                  auth,
                  registry,
                  modules)
              .start();
      LOG.info("keel server listening on {}:{} ({})", config.httpHost(), http.port(), config);
      return new KeelServer(config, ds, http, registry, gc, generated);
    } catch (SQLException e) {
      ds.close();
      throw new IllegalStateException(
          "cannot open the database "
              + ServerConfig.redactUrl(config.databaseUrl())
              + ": "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /** The port the server listens on. */
  public int port() {
    return http.port();
  }

  /** The settings in force. */
  public ServerConfig config() {
    return config;
  }

  /**
   * The admin token generated by this start, present only when none was configured or stored
   * before. Print it once; only its hash is kept.
   */
  public Optional<String> generatedToken() {
    return generatedToken;
  }

  /** The meter registry behind {@code /metrics}. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** Graceful stop; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("keel server stopping: refusing new requests, finishing in-flight ones");
    boolean clean = http.stop(config.shutdownGrace());
    if (!clean) {
      LOG.warn("in-flight requests did not finish within {}", config.shutdownGrace());
    }
    gcMetrics.close();
    registry.close();
    dataSource.close();
    LOG.info("keel server stopped");
  }
}
