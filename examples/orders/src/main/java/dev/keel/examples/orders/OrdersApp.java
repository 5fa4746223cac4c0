package dev.keel.examples.orders;

import dev.keel.core.KeelClock;
import dev.keel.examples.orders.internal.ConfirmationEmailHandler;
import dev.keel.examples.orders.internal.Downstreams;
import dev.keel.examples.orders.internal.OrderRepository;
import dev.keel.examples.orders.internal.OrderService;
import dev.keel.examples.orders.internal.Routes;
import dev.keel.examples.orders.internal.ServiceHealth;
import dev.keel.examples.orders.internal.Storage;
import dev.keel.idempotency.IdempotencyExecutor;
import dev.keel.idempotency.JavalinIdempotency;
import dev.keel.idempotency.MicrometerIdempotencyMetrics;
import dev.keel.jobs.HandlerOptions;
import dev.keel.jobs.Jobs;
import dev.keel.jobs.MicrometerJobMetrics;
import dev.keel.jobs.QueueConfig;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders example service: a small Javalin app that uses every Keel library.
 *
 * <ul>
 *   <li>{@code POST /orders} is idempotent (keel-idempotency's Javalin adapter, keys scoped by
 *       {@code X-Customer-Id}).
 *   <li>It charges a CRITICAL payment service ({@link PaymentClient}: breaker, retries with the
 *       order's key, timeouts) and asks an OPTIONAL recommendations service ({@link
 *       RecommendationsClient}: degrades to a cached or empty answer).
 *   <li>It enqueues a confirmation-email job (keel-jobs, deduplicated on customer and order) that
 *       an in-process worker sends through the email service ({@link EmailClient}); failures retry
 *       with backoff and dead-letter.
 *   <li>{@code GET /orders/{id}}, {@code GET /health/ready} (keel-core health), {@code GET
 *       /metrics} (Prometheus).
 * </ul>
 *
 * <p>Run {@link #main} with the environment described in {@link OrdersConfig}. Thread-safe; {@link
 * #close()} stops the HTTP server, lets running jobs finish, and closes the clients and stores.
 */
public final class OrdersApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OrdersApp.class);

  private final OrdersConfig config;
  private final PrometheusMeterRegistry registry;
  private final Storage storage;
  private final Downstreams downstreams;
  private final Jobs jobs;
  private final Javalin http;
  private final List<AutoCloseable> closeables;

  private OrdersApp(Builder b) {
    this.config = b.config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      storage = Storage.open(config);
      opened.add(storage);
      downstreams = Downstreams.create(config, b.clock, registry);
      opened.add(downstreams);
      jobs =
          Jobs.builder(storage.jobStore())
              .queue(
                  QueueConfig.defaultTier()
                      .withConcurrency(4)
                      .withPollInterval(config.jobPollInterval()))
              // this node only sends confirmations: no idle pools for the other tiers
              .queue(QueueConfig.highPriority().withConcurrency(0))
              .queue(QueueConfig.batch().withConcurrency(0))
              .metrics(new MicrometerJobMetrics(registry))
              .build();
      opened.add(jobs);
      jobs.register(
          ConfirmationEmail.JOB_TYPE,
          ConfirmationEmail.class,
          HandlerOptions.DEFAULTS
              .withMaxAttempts(config.emailJobMaxAttempts())
              .withBackoff(config.emailJobBackoff()),
          new ConfirmationEmailHandler(downstreams.email()));
      jobs.start();
      IdempotencyExecutor executor =
          IdempotencyExecutor.builder(storage.idempotencyStore())
              .metrics(
                  new MicrometerIdempotencyMetrics(registry, storage.idempotencyStore().name()))
              .build();
      OrderService service =
          new OrderService(
              new OrderRepository(),
              downstreams.payments(),
              downstreams.recommendations(),
              jobs,
              b.clock);
      Routes routes =
          new Routes(
              service,
              jobs,
              new ServiceHealth(
                  List.of(downstreams.payments().http(), downstreams.recommendations().http())),
              registry,
              JavalinIdempotency.builder(executor).tenant(Routes::customerOf).build());
      http =
          Javalin.create(
              cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.concurrency.useVirtualThreads = true;
                routes.register(cfg.routes);
              });
      opened.add(http::stop);
      http.start(config.host(), config.port());
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    this.closeables = opened;
    LOG.info(
        "orders service on http://{}:{} (payment-service {}, recommendations {}, email-service {})",
        config.host(),
        http.port(),
        config.paymentServiceUrl(),
        config.recommendationsUrl(),
        config.emailServiceUrl());
  }

  /**
   * Starts the service with the environment's settings and runs until the JVM stops (Ctrl-C). Exits
   * with status 2 and a one-line reason when a setting is missing or wrong.
   */
  public static void main(String[] args) throws InterruptedException {
    OrdersConfig config;
    try {
      config = OrdersConfig.fromEnvironment(System::getenv);
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("orders: " + e.getMessage());
      System.exit(2);
      return;
    }
    OrdersApp app = start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "orders-shutdown"));
    stopped.await();
  }

  /** Starts the service with {@code config}. */
  public static OrdersApp start(OrdersConfig config) {
    return builder(config).start();
  }

  /** A builder, for what tests inject (the clock). */
  public static Builder builder(OrdersConfig config) {
    return new Builder(config);
  }

  /** The settings. */
  public OrdersConfig config() {
    return config;
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The payment service's client (its breaker, for operators and tests). */
  public PaymentClient payments() {
    return downstreams.payments();
  }

  /** The recommendations service's client. */
  public RecommendationsClient recommendations() {
    return downstreams.recommendations();
  }

  /** The email service's client. */
  public EmailClient email() {
    return downstreams.email();
  }

  /** The job queue (confirmation emails): job status, the DLQ and its replay. */
  public Jobs jobs() {
    return jobs;
  }

  /** The meters behind {@code /metrics}. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed", closeables.get(i), e);
      }
    }
    registry.close();
  }

  /** Configures an {@link OrdersApp}. Not thread-safe. */
  public static final class Builder {
    private final OrdersConfig config;
    private KeelClock clock = KeelClock.system();

    private Builder(OrdersConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The clock of the HTTP clients (breaker cooldowns, cache ages) and of order timestamps [{@link
     * KeelClock#system()}]; tests pass a {@code ManualClock} to step through a cooldown.
     */
    public Builder clock(KeelClock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Opens the stores, starts the worker and the HTTP server.
     *
     * @throws RuntimeException when a store or the port cannot be opened; nothing stays open
     */
    public OrdersApp start() {
      return new OrdersApp(this);
    }
  }
}
