package dev.keel.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.keel.core.CircuitBreaker;
import dev.keel.core.Dependency;
import dev.keel.core.Pipeline;
import dev.keel.idempotency.HttpIdempotencySettings;
import dev.keel.idempotency.IdempotencyExecutor;
import dev.keel.idempotency.IdempotencyStore;
import dev.keel.idempotency.JavalinIdempotency;
import dev.keel.idempotency.MicrometerIdempotencyMetrics;
import dev.keel.idempotency.TransactionalIdempotencyStore;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.JobsConfig;
import dev.keel.jobs.MicrometerJobMetrics;
import dev.keel.jobs.QueueConfig;
import dev.keel.jobs.RateLimit;
import dev.keel.server.internal.api.DlqRoutes;
import dev.keel.server.internal.api.EnqueueRoutes;
import dev.keel.server.internal.api.JobRoutes;
import dev.keel.server.internal.api.LeaseRoutes;
import dev.keel.server.internal.api.QueueRoutes;
import dev.keel.server.internal.api.StoreCalls;
import dev.keel.server.internal.auth.AdminTokenStore;
import dev.keel.server.internal.auth.Authenticator;
import dev.keel.server.internal.auth.Tokens;
import dev.keel.server.internal.health.BreakerCheck;
import dev.keel.server.internal.health.DatabaseCheck;
import dev.keel.server.internal.health.HealthRegistry;
import dev.keel.server.internal.health.RedisCheck;
import dev.keel.server.internal.http.DashboardRoutes;
import dev.keel.server.internal.http.HttpApp;
import dev.keel.server.internal.http.InFlightLimiter;
import dev.keel.server.internal.http.RouteModule;
import dev.keel.server.internal.http.SystemRoutes;
import dev.keel.server.internal.store.Database;
import dev.keel.server.internal.store.Stores;
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
  private final JobStore jobStore;
  private final Jobs jobs;
  private final IdempotencyStore idempotencyStore;
  private final HttpApp http;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final Optional<String> generatedToken;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KeelServer(
      ServerConfig config,
      HikariDataSource dataSource,
      JobStore jobStore,
      Jobs jobs,
      IdempotencyStore idempotencyStore,
      HttpApp http,
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      Optional<String> generatedToken) {
    this.config = config;
    this.dataSource = dataSource;
    this.jobStore = jobStore;
    this.jobs = jobs;
    this.idempotencyStore = idempotencyStore;
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
    HikariDataSource ds = Database.open(config.databaseUrl(), Stores.schema(config));
    JobStore jobStore = null;
    Jobs jobs = null;
    IdempotencyStore idemStore = null;
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      InFlightLimiter limiter = new InFlightLimiter(config.maxInFlight());
      InFlightLimiter polls = new InFlightLimiter(config.maxLongPolls());
      Gauge.builder("keel.http.server.long.polls", polls, InFlightLimiter::inFlight)
          .description("lease requests waiting for work now")
          .register(registry);
      Gauge.builder("keel.http.server.in.flight", limiter, InFlightLimiter::inFlight)
          .description("HTTP requests being served now")
          .register(registry);
      HealthRegistry health = new HealthRegistry(limiter::draining);
      health.add(new DatabaseCheck(ds, config.embedded() ? "sqlite" : "postgresql"));
      config.redisUrl().ifPresent(u -> health.add(new RedisCheck(u)));
      jobStore = Stores.jobStore(config);
      Dependency storeDependency = storeDependency();
      health.add(new BreakerCheck(storeDependency));
      StoreCalls calls = new StoreCalls(storeDependency);
      jobs = jobs(config, jobStore, registry).start();
      idemStore = Stores.idempotencyStore(config, ds);
      // after the stores: their migrations create the PostgreSQL schema the token table joins
      Optional<String> generated = Optional.empty();
      Authenticator auth;
      if (!config.authEnabled()) {
        auth = Authenticator.disabled();
        LOG.warn("KEEL_AUTH=off: the /v1 API accepts requests without a token");
      } else if (config.apiToken().isPresent()) {
        auth = Authenticator.ofHash(Tokens.sha256Hex(config.apiToken().get()));
      } else {
        AdminTokenStore.Resolved r =
            new AdminTokenStore(ds, config.databaseUrl(), Stores.schema(config)).resolve();
        auth = Authenticator.ofHash(r.sha256Hex());
        generated = r.generatedToken();
      }
      IdempotencyExecutor executor =
          IdempotencyExecutor.builder(idemStore)
              .metrics(new MicrometerIdempotencyMetrics(registry, idemStore.name()))
              .build();
      // one admin token, so one tenant; keys are further scoped by method and path
      JavalinIdempotency idempotency =
          JavalinIdempotency.builder(executor)
              .settings(
                  HttpIdempotencySettings.builder()
                      .keyRequired(false)
                      .maxRequestBytes((int) config.maxRequestBytes())
                      .build())
              .tenant(ctx -> "admin")
              .build();
      List<RouteModule> modules = new ArrayList<>();
      modules.add(new SystemRoutes(health, registry));
      modules.add(new DashboardRoutes());
      // keys in the jobs' own database: key, job and stored answer commit together
      boolean inTransaction = idemStore instanceof TransactionalIdempotencyStore;
      modules.add(
          new EnqueueRoutes(calls, jobs, idempotency, inTransaction, config.maxRequestBytes()));
      modules.add(new JobRoutes(calls, jobs, config.maxRequestBytes(), config.visibilityTimeout()));
      modules.add(
          new LeaseRoutes(
              calls,
              jobs,
              config.maxRequestBytes(),
              config.visibilityTimeout(),
              config.maxLeaseWait(),
              limiter::draining));
      modules.add(new QueueRoutes(calls, jobs, config.dlqAlertThreshold()));
      modules.add(new DlqRoutes(calls, jobs, config.maxRequestBytes()));
      modules.addAll(extraRoutes);
      HttpApp http =
          new HttpApp(
                  config.httpHost(),
                  config.httpPort(),
                  config.maxRequestBytes(),
                  limiter,
                  polls,
                  auth,
                  registry,
                  modules)
              .start();
      LOG.info("keel server listening on {}:{} ({})", config.httpHost(), http.port(), config);
      return new KeelServer(config, ds, jobStore, jobs, idemStore, http, registry, gc, generated);
    } catch (SQLException e) {
      closeQuietly(jobs, jobStore, idemStore);
      ds.close();
      throw new IllegalStateException(
          "cannot open the database "
              + ServerConfig.redactUrl(config.databaseUrl())
              + ": "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      closeQuietly(jobs, jobStore, idemStore);
      ds.close();
      throw e;
    }
  }

  /**
   * The server's job queue: no handlers and no worker pools (remote workers pull over HTTP; {@code
   * keel worker} runs Java handlers), but maintenance — rescuing expired leases, pruning — and
   * metrics.
   */
  private static Jobs jobs(ServerConfig config, JobStore store, PrometheusMeterRegistry registry) {
    JobsConfig.Builder b =
        Jobs.builder(store)
            .visibilityTimeout(config.visibilityTimeout())
            .shutdownGrace(config.shutdownGrace())
            .dlqAlertThreshold(config.dlqAlertThreshold())
            .metrics(new MicrometerJobMetrics(registry));
    var tiers = new java.util.LinkedHashMap<>(JobsConfig.defaultTiers());
    config.enqueueLimits().keySet().forEach(q -> tiers.putIfAbsent(q, QueueConfig.defaults(q)));
    for (QueueConfig q : tiers.values()) {
      QueueConfig c = q.withConcurrency(0);
      ServerConfig.EnqueueLimit limit = config.enqueueLimits().get(q.name());
      if (limit != null) {
        c = c.withEnqueueLimit(new RateLimit(limit.burst(), limit.perSecond()));
      }
      b.queue(c);
    }
    return b.build();
  }

  /**
   * The job store as a critical dependency behind a circuit breaker: 5 consecutive store failures
   * (not bad input, not lost leases) open it for 10 s, during which the API answers 503 at once.
   */
  private static Dependency storeDependency() {
    CircuitBreaker breaker =
        CircuitBreaker.builder("job-store")
            .consecutiveFailures(5)
            .cooldown(java.time.Duration.ofSeconds(10))
            .failOn(t -> t instanceof dev.keel.jobs.JobStoreException)
            .build();
    return Dependency.critical("job-store", Pipeline.builder().circuitBreaker(breaker).build());
  }

  private static void closeQuietly(Jobs jobs, JobStore store, IdempotencyStore idem) {
    for (AutoCloseable c : new AutoCloseable[] {jobs, store, idem}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
      }
    }
  }

  /** The job queue behind the API (for embedding and tests). */
  public Jobs jobs() {
    return jobs;
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
    closeQuietly(jobs, jobStore, idempotencyStore);
    gcMetrics.close();
    registry.close();
    dataSource.close();
    LOG.info("keel server stopped");
  }
}
